using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;
using Xunit;

namespace ModularTorrent.Storage.Tests;

/// <summary>The retry policy, on a real SQLite database.</summary>
public sealed class DbRetryTests() : StorageTestBase(new SqliteTestDatabases())
{
    [Fact]
    public async Task Lock_conflicts_are_retried_until_the_work_succeeds()
    {
        var attempts = 0;

        var result = await Factory.WithConnectionAsync(async (connection, token) =>
        {
            attempts++;
            if (attempts < 3)
            {
                throw new SqliteException("database is locked", 5);
            }

            return await connection.ExecuteScalarAsync<long>("SELECT 42");
        });

        Assert.Equal(42, result);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task Other_errors_are_not_retried()
    {
        var attempts = 0;

        await Assert.ThrowsAsync<SqliteException>(() => Factory.WithConnectionAsync<long>((_, _) =>
        {
            attempts++;
            throw new SqliteException("constraint failed", 19);
        }));

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task Retries_are_bounded()
    {
        var attempts = 0;
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<SqliteException>(() => Factory.WithConnectionAsync<long>((_, _) =>
        {
            attempts++;
            throw new SqliteException("database is locked", 5);
        }));

        Assert.Equal(5, error.SqliteErrorCode);
        Assert.Equal(DbRetry.MaxAttempts, attempts);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task A_writer_blocked_by_another_connections_write_lock_succeeds_once_it_is_released()
    {
        var database = await CreateDatabaseAsync();
        database.Options.BusyTimeoutMilliseconds = 50;
        var factory = await OpenAsync(database.Options);
        var repository = new TorrentRepository(factory);

        await using var holder = await factory.OpenAsync();
        await using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync();
        }

        // Microsoft.Data.Sqlite's async methods run synchronously: keep the blocked writer off this thread.
        var write = Task.Run(() => repository.AddAsync(TorrentRepositoryContract.Sample("blocked")));
        await Task.Delay(400);
        Assert.False(write.IsCompleted);
        await using (var commit = holder.CreateCommand())
        {
            commit.CommandText = "COMMIT";
            await commit.ExecuteNonQueryAsync();
        }

        Assert.True(await write.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.NotNull(await repository.GetAsync("blocked"));
    }
}
