namespace ModularTorrent.Storage.Tests;

public sealed class PluginStateSqliteTests() : PluginStateContract(new SqliteTestDatabases());
