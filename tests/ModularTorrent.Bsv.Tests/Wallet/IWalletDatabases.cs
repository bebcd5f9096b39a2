using ModularTorrent.Storage;

namespace ModularTorrent.Bsv.Tests.Wallet;

/// <summary>Creates migrated wallet databases: a fresh SQLite file, or a fresh database on a real PostgreSQL server.</summary>
public interface IWalletDatabases
{
    Task<IDbConnectionFactory> CreateAsync();
}
