namespace ModularTorrent.Storage.Tests;

public sealed class ResumeStoreSqliteTests() : ResumeStoreContract(new SqliteTestDatabases());
