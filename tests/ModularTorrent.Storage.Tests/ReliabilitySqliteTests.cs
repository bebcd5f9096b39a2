using Xunit.Abstractions;

namespace ModularTorrent.Storage.Tests;

public sealed class ReliabilitySqliteTests(ITestOutputHelper output) : ReliabilityContract(new SqliteTestDatabases(), output);
