namespace ModularTorrent.Arc.Tests.Outbox;

/// <summary>The ARC PostgreSQL tests share the one test server (each test still gets its own database).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "arc-postgres";
}
