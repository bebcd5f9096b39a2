namespace ModularTorrent.Scripting.Tests;

/// <summary>Every PostgreSQL test class shares the one test server (each test still gets its own database).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
