using ModularTorrent.Testing;
using Xunit;

namespace ModularTorrent.Bsv.Tests.Wallet;

/// <summary>The wallet's PostgreSQL tests share the one test server (each test still gets its own databases).</summary>
[CollectionDefinition(Name)]
public sealed class BsvPostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "bsv-postgres";
}
