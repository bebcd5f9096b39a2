using ModularTorrent.Storage.Tests.Infrastructure;

namespace ModularTorrent.Storage.Tests;

public sealed class PluginStateSqliteTests() : PluginStateContract(new SqliteTestDatabases());
