using ModularTorrent.Storage.Tests.Infrastructure;

namespace ModularTorrent.Storage.Tests;

public sealed class TorrentRepositorySqliteTests() : TorrentRepositoryContract(new SqliteTestDatabases());
