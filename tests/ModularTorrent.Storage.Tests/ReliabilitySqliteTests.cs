using ModularTorrent.Storage.Tests.Infrastructure;

namespace ModularTorrent.Storage.Tests;

public sealed class ReliabilitySqliteTests() : ReliabilityContract(new SqliteTestDatabases());
