using ModularTorrent.Storage;
using Microsoft.Data.Sqlite;

namespace ModularTorrent.Testing;

/// <summary>Each database is modulartorrent.db in a new temp folder.</summary>
public sealed class SqliteTestDatabases : ITestDatabases
{
    public StorageProvider Provider => StorageProvider.Sqlite;

    public Task<TestDatabase> CreateAsync()
    {
        var folder = Directory.CreateTempSubdirectory("mt-sqlite-").FullName;
        var options = new StorageOptions { Provider = "sqlite", DataDirectory = folder };
        return Task.FromResult(new TestDatabase(options, () =>
        {
            // Pooled connections keep the file open; release them before deleting it.
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Another test's pooled handle may still be closing; the temp folder is harmless.
            }

            return Task.CompletedTask;
        }));
    }
}
