namespace ModularTorrent.Storage.Tests;

public sealed class MigrationRunnerSqliteTests() : MigrationRunnerContract(new SqliteTestDatabases());
