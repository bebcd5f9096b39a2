using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Dapper;
using ModularTorrent.Sdk.Protocols;
using Xunit;
using Xunit.Abstractions;

namespace ModularTorrent.Storage.Tests;

/// <summary>Contention and crashes, the same on every provider.</summary>
public abstract class ReliabilityContract(ITestDatabases databases, ITestOutputHelper output) : StorageTestBase(databases)
{
    [Fact]
    public async Task Eight_concurrent_writers_for_three_seconds_lose_nothing()
    {
        var torrents = new TorrentRepository(Factory);
        var written = new ConcurrentBag<string>();
        var stopAt = Stopwatch.StartNew();
        var writers = Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            var store = new DbPluginStateStore(Factory, "writer-" + writer);
            var resume = new DbResumeStore(Factory);
            // do/while: every writer writes at least once even when the pool starts it late.
            var sequence = 0;
            do
            {
                var id = string.Create(CultureInfo.InvariantCulture, $"w{writer}-{sequence}");
                Assert.True(await torrents.AddAsync(TorrentRepositoryContract.Sample(id)));
                await resume.SaveAsync(new ResumeData(id, [(byte)sequence], [], DateTimeOffset.UnixEpoch));
                await store.SetAsync("counter", BitConverter.GetBytes(sequence));
                await store.SetAsync(id, new byte[] { 1, 2, 3 });
                written.Add(id);
                sequence++;
            }
            while (stopAt.Elapsed < TimeSpan.FromSeconds(3));
        })).ToArray();

        // Any busy/locked error that leaked out of the repositories fails the test here.
        await Task.WhenAll(writers);

        output.WriteLine($"{Provider}: {written.Count} iterations (4 committed writes each) by 8 writers in {stopAt.Elapsed.TotalSeconds:F1} s");
        Assert.True(written.Count >= 8, $"only {written.Count} writes in 3 s");
        Assert.Equal(written.Count, await torrents.CountAsync());
        await using var connection = await Factory.OpenAsync();
        Assert.Equal(written.Count, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM resume_data"));
        Assert.Equal(written.Count + 8, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM plugin_kv"));
        foreach (var id in written)
        {
            var writer = id[1..id.IndexOf('-', StringComparison.Ordinal)];
            Assert.Equal([1, 2, 3], await new DbPluginStateStore(Factory, "writer-" + writer).GetAsync(id));
        }
    }

    [Fact]
    public async Task A_process_killed_mid_burst_keeps_every_committed_record()
    {
        var database = await CreateDatabaseAsync();
        var target = Provider == StorageProvider.Postgres ? database.Options.ConnectionString! : database.Options.DataDirectory!;
        var dll = Path.Combine(AppContext.BaseDirectory, "ModularTorrent.Storage.KillTarget.dll");
        Assert.True(File.Exists(dll), dll);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { dll, Provider == StorageProvider.Postgres ? "postgres" : "sqlite", target, "kill" })
        {
            info.ArgumentList.Add(argument);
        }

        var committed = new List<string>();
        using (var process = Process.Start(info)!)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            try
            {
                Assert.Equal("ready", await process.StandardOutput.ReadLineAsync(deadline.Token));
                while (committed.Count < 300)
                {
                    var line = await process.StandardOutput.ReadLineAsync(deadline.Token)
                        ?? throw new InvalidOperationException($"the writer exited early: {await stderr}");
                    committed.Add(line);
                }
            }
            finally
            {
                // SIGKILL: no finalizers, no flush, no rollback by the process itself.
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }

            Assert.Equal(137, process.ExitCode);
        }

        var factory = await OpenAsync(database.Options);
        var torrents = new TorrentRepository(factory);
        var resume = new DbResumeStore(factory);
        foreach (var id in committed)
        {
            Assert.NotNull(await torrents.GetAsync(id));
            Assert.NotNull(await resume.LoadAsync(id));
        }

        Assert.True(await torrents.CountAsync() >= committed.Count);
        if (Provider == StorageProvider.Sqlite)
        {
            await using var connection = await factory.OpenAsync();
            Assert.Equal("ok", await connection.ExecuteScalarAsync<string>("PRAGMA integrity_check"));
            Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        }

        // The database takes new writes after the crash.
        Assert.True(await torrents.AddAsync(TorrentRepositoryContract.Sample("after-crash")));
    }
}
