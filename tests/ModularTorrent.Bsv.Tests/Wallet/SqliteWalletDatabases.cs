using ModularTorrent.Bsv.Wallet;
using ModularTorrent.Storage;
using ModularTorrent.Testing;

namespace ModularTorrent.Bsv.Tests.Wallet;

/// <summary>Each wallet database is a new SQLite file in one temp folder, deleted with the test class.</summary>
public sealed class SqliteWalletDatabases : IWalletDatabases, IDisposable
{
    private readonly TempFolder _folder = new("mt-bsv-wallet");

    public async Task<IDbConnectionFactory> CreateAsync()
    {
        var factory = SqliteConnectionFactory.ForFile(Path.Combine(_folder.Path, Guid.NewGuid().ToString("N") + ".db"));
        await new MigrationRunner(factory, [new WalletMigrations()]).RunAsync();
        return factory;
    }

    public void Dispose() => _folder.Dispose();
}
