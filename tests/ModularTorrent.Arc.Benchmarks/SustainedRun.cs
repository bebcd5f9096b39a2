using System.Diagnostics;
using System.Globalization;
using ModularTorrent.Arc.Endpoints;
using ModularTorrent.Arc.Outbox;
using ModularTorrent.Arc.Tests.Server;
using ModularTorrent.Storage;

namespace ModularTorrent.Arc.Benchmarks;

/// <summary>
/// Sustained submissions against the in-test ARC server running in a child process (so its CPU is not
/// counted): the queue is kept full, the rate limiter set to a target, and the run reports the rate
/// reached, whether the queue ever ran dry (it must not: then the limiter, not the client, is the
/// bottleneck) and the client's CPU time / wall time, all measured in the same run.
/// </summary>
public static class SustainedRun
{
    public sealed record Result(string Name, double TargetRate, double Rate, double CpuPercent, int MinBacklog, long Sent, double Seconds, long Failures, double TxPerRequest);

    public static async Task<Result> RunAsync(string name, Uri server, double targetRate, TimeSpan duration, IArcOutbox? outbox)
    {
        var options = new ArcClientOptions
        {
            Endpoints = [new ArcEndpointOptions { Name = "local", BaseUrl = server }],
            TransactionsPerSecond = targetRate,
            Burst = Math.Max(1, (int)(targetRate / 20)), // 50 ms worth: no burst distorts the measured rate
            MaxBatchSize = 100,
            MaxConcurrentRequests = 4,
        };
        await using var client = new ArcBroadcaster(options, outbox: outbox);
        long completed = 0;
        long failures = 0;
        client.BroadcastCompleted += (_, r) =>
        {
            Interlocked.Increment(ref completed);
            if (!r.IsSuccess)
            {
                Interlocked.Increment(ref failures);
            }
        };
        await client.StartAsync();

        // Enough backlog for 300 ms at the target rate: the producer tops it up; the limiter drains it.
        var backlog = (int)Math.Max(200, targetRate * 0.3);
        using var stop = new CancellationTokenSource();
        var random = new Random(42);
        var minBacklog = int.MaxValue;
        var measuring = false;
        var producer = Task.Run(async () =>
        {
            var raw = new byte[250];
            while (!stop.IsCancellationRequested)
            {
                var queued = client.QueueLength;
                if (measuring)
                {
                    minBacklog = Math.Min(minBacklog, queued);
                }

                // Concurrent submitters, as many payment channels would be: with an outbox their stores share commits.
                var adds = new List<Task>(Math.Max(0, backlog - queued));
                for (var i = queued; i < backlog; i++)
                {
                    random.NextBytes(raw);
                    adds.Add(client.EnqueueAsync(ArcTransaction.FromRaw(raw)));
                }

                await Task.WhenAll(adds);

                await Task.Delay(5);
            }
        });

        await Task.Delay(TimeSpan.FromSeconds(2)); // warm-up: JIT, connections, the bucket's initial burst
        measuring = true;
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu0 = process.TotalProcessorTime;
        var done0 = Interlocked.Read(ref completed);
        var fail0 = Interlocked.Read(ref failures);
        var requests0 = client.Endpoints.Get("local").Successes;
        var wall = Stopwatch.StartNew();
        await Task.Delay(duration);
        var sent = Interlocked.Read(ref completed) - done0;
        var seconds = wall.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
        var requests = client.Endpoints.Get("local").Successes - requests0;
        measuring = false;
        await stop.CancelAsync();
        await producer;
        return new Result(name, targetRate, sent / seconds, 100 * cpu / seconds, minBacklog, sent, seconds, Interlocked.Read(ref failures) - fail0, requests == 0 ? 0 : sent / (double)requests);
    }

    public static async Task<int> MainAsync(string[] args)
    {
        var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        using var server = StartServerProcess(out var url);
        try
        {
            var results = new List<Result>
            {
                await RunAsync("limit 1000/s, no outbox", url, 1000, TimeSpan.FromSeconds(seconds), null),
            };

            var folder = Path.Combine(Path.GetTempPath(), "mt-arc-bench-" + Guid.NewGuid().ToString("N")[..8]);
            var factory = await StorageBootstrap.InitializeAsync(new StorageOptions { DataDirectory = folder }, [new ArcMigrations()]);
            results.Add(await RunAsync("limit 1000/s, SQLite outbox", url, 1000, TimeSpan.FromSeconds(seconds), new SqlArcOutbox(factory)));
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);

            // Headroom: the same client with the limit far above what it can reach shows its own ceiling.
            results.Add(await RunAsync("no effective limit (ceiling)", url, 1_000_000, TimeSpan.FromSeconds(Math.Min(seconds, 5)), null));

            // Again, now that every method is at its final JIT tier: the first run pays for tiering.
            results.Add(await RunAsync("limit 1000/s, no outbox, warm", url, 1000, TimeSpan.FromSeconds(seconds), null));

            Console.WriteLine();
            Console.WriteLine("| run | target tx/s | reached tx/s | client CPU (cpu time / wall) | min backlog | txs | failures | txs/request |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|");
            foreach (var r in results)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {r.Name} | {r.TargetRate:0} | {r.Rate:0.0} | {r.CpuPercent:0.0}% | {r.MinBacklog} | {r.Sent} | {r.Failures} | {r.TxPerRequest:0.0} |"));
            }

            Console.WriteLine($"cores: {Environment.ProcessorCount}; CPU 100% = one core busy for the whole run");
            var limited = results[^1];
            var bottleneck = limited.MinBacklog > 0 && limited.Rate >= 0.95 * limited.TargetRate;
            Console.WriteLine(bottleneck
                ? "verdict: the limiter is the bottleneck (queue never ran dry and the target rate was reached)"
                : "verdict: NOT limiter-bound (queue ran dry or the rate fell short)");
            return bottleneck ? 0 : 1;
        }
        finally
        {
            server.Kill();
        }
    }

    /// <summary>Starts this program in server mode in a child process and reads its URL.</summary>
    private static Process StartServerProcess(out Uri url)
    {
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardInput = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(SustainedRun).Assembly.Location);
        }

        info.ArgumentList.Add("server");
        var process = Process.Start(info)!;
        var line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("The server process did not start.");
        url = new Uri(line.Trim());
        return process;
    }

    public static async Task<int> ServeAsync()
    {
        await using var server = await ArcTestServer.StartAsync();
        Console.WriteLine(server.BaseUrl);
        Console.Out.Flush();
        await Console.In.ReadToEndAsync(); // until the parent goes away
        return 0;
    }
}
