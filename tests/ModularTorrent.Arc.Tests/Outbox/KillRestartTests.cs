using System.Collections.Concurrent;
using System.Diagnostics;
using ModularTorrent.Arc.Tests.Server;

namespace ModularTorrent.Arc.Tests.Outbox;

public sealed class KillRestartTests
{
    private const int Count = 60;

    [Fact]
    public async Task Sigkill_mid_way_then_restart_delivers_every_transaction_exactly_once()
    {
        await using var server = await ArcTestServer.StartAsync();
        // The server records each transaction, then answers 300 ms later: a kill always finds requests
        // whose transactions ARC holds but whose answers the client never saw.
        server.DelayAfterAccept = TimeSpan.FromMilliseconds(300);
        using var data = new TempFolder("mt-arc-kill");
        var dataDir = data.Path;
        var first = Start("enqueue", dataDir, server.BaseUrl.ToString(), Count.ToString(), "20");
        await Poll.UntilAsync(() => first.Lines.Contains("ALL-STORED") && server.AcceptCounts.Count >= 15, TimeSpan.FromSeconds(60), "the first run to store everything and send some");
        first.Process.Kill(); // SIGKILL on Unix: no clean-up runs.
        await first.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotEqual(0, first.Process.ExitCode);
        Assert.DoesNotContain(first.Lines, l => l.StartsWith("DONE", StringComparison.Ordinal));

        var stored = first.Lines.Where(l => l.StartsWith("STORED ", StringComparison.Ordinal)).Select(l => l[7..]).ToHashSet();
        Assert.Equal(Count, stored.Count);
        var acceptedBeforeKill = server.AcceptCounts.Count;
        Assert.InRange(acceptedBeforeKill, 15, Count - 1);

        var second = Start("resume", dataDir, server.BaseUrl.ToString(), "200");
        await second.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        Assert.True(second.Process.ExitCode == 0, "resume failed: " + second.StdErr);

        // Every stored transaction arrived and was accepted as new exactly once.
        Assert.Equal(stored.Order(), server.AcceptCounts.Keys.Order());
        Assert.All(server.AcceptCounts.Values, n => Assert.Equal(1, n));

        // Those ARC held whose answers were lost came again, were answered as known, and counted as success.
        Assert.NotEmpty(server.DuplicateCounts);
        var results = second.Lines.Where(l => l.StartsWith("RESULT ", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToList();
        var firstResults = first.Lines.Where(l => l.StartsWith("RESULT ", StringComparison.Ordinal)).Select(l => l.Split(' ')[1]).ToHashSet();
        Assert.Empty(firstResults.Intersect(results.Select(r => r[1]))); // what the first run finished is not sent again
        Assert.Subset(stored, results.Select(r => r[1]).ToHashSet());
        Assert.InRange(results.Count, Count - acceptedBeforeKill, Count - firstResults.Count);
        Assert.All(results, r => Assert.Contains(r[2], new[] { "Accepted", "AlreadyKnown" }));
        Assert.Equal(server.DuplicateCounts.Keys.Order(), results.Where(r => r[2] == "AlreadyKnown").Select(r => r[1]).Order());
        Assert.Contains($"DONE Pending=0 Accepted={Count} Completed=0 Failed=0", second.Lines);
    }

    private static Run Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ModularTorrent.Arc.KillTarget.dll"));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        var process = Process.Start(info)!;
        var run = new Run(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                run.Lines.Add(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                run.Errors.Enqueue(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return run;
    }

    private sealed record Run(Process Process)
    {
        public ConcurrentBag<string> Lines { get; } = [];

        public ConcurrentQueue<string> Errors { get; } = new();

        public string StdErr => string.Join('\n', Errors);
    }
}
