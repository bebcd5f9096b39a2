using ModularTorrent.Bsv.Wallet;
using ModularTorrent.Storage;
using ModularTorrent.Testing;

namespace ModularTorrent.Bsv.Tests.Wallet;

/// <summary>Each wallet database is a fresh, migrated database on the shared test server, dropped with the test.</summary>
public sealed class PostgresWalletDatabases(PostgresServer server) : IWalletDatabases, IAsyncDisposable
{
    private readonly List<PostgresDatabase> _databases = [];

    public async Task<IDbConnectionFactory> CreateAsync()
    {
        var database = await server.CreateDatabaseAsync("mt_bsv");
        _databases.Add(database);
        return await StorageBootstrap.InitializeAsync(database.Options, [new WalletMigrations()]);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }
    }
}
