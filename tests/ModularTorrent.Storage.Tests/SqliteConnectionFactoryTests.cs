using Dapper;
using Xunit;

namespace ModularTorrent.Storage.Tests;

/// <summary>Every SQLite connection comes configured: WAL, foreign keys, busy timeout, full sync.</summary>
public sealed class SqliteConnectionFactoryTests() : StorageTestBase(new SqliteTestDatabases())
{
    [Fact]
    public async Task Connections_use_wal_foreign_keys_a_busy_timeout_and_full_sync()
    {
        await using var connection = await Factory.OpenAsync();

        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
        Assert.Equal(Options.BusyTimeoutMilliseconds, await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout"));
        Assert.Equal(2, await connection.ExecuteScalarAsync<long>("PRAGMA synchronous"));
        Assert.Equal(Path.Combine(Options.DataDirectory!, StorageOptions.SqliteFileName), ((SqliteConnectionFactory)Factory).DataSource);
        Assert.True(File.Exists(Path.Combine(Options.DataDirectory!, StorageOptions.SqliteFileName + "-wal")));
    }

    [Fact]
    public async Task Foreign_keys_are_enforced_on_raw_sql_too()
    {
        await using (var setup = await Factory.OpenAsync())
        {
            await setup.ExecuteAsync("CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (parent_id INTEGER NOT NULL REFERENCES parent (id))");
        }

        // A new connection from the pool: the pragma is per connection, so this checks the factory sets it each time.
        await using var connection = await Factory.OpenAsync();
        var error = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => connection.ExecuteAsync("INSERT INTO child VALUES (42)"));

        Assert.Equal(787, error.SqliteExtendedErrorCode);
    }
}
