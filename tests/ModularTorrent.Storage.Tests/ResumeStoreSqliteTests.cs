using ModularTorrent.Storage.Tests.Infrastructure;

namespace ModularTorrent.Storage.Tests;

public sealed class ResumeStoreSqliteTests() : ResumeStoreContract(new SqliteTestDatabases());
