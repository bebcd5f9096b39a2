using Xunit;

namespace ModularTorrent.Storage.Tests.Infrastructure;

/// <summary>Every PostgreSQL test class shares one server (each test still gets its own database).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
