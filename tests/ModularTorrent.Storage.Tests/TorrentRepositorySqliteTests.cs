namespace ModularTorrent.Storage.Tests;

public sealed class TorrentRepositorySqliteTests() : TorrentRepositoryContract(new SqliteTestDatabases());
