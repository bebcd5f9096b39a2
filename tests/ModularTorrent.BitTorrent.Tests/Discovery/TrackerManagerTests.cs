using ModularTorrent.BitTorrent.Discovery;
using static ModularTorrent.BitTorrent.Tests.Discovery.TrackerTestData;

namespace ModularTorrent.BitTorrent.Tests.Discovery;

/// <summary>BEP 12 tiers over scripted HTTP and UDP trackers on 127.0.0.1.</summary>
public sealed class TrackerManagerTests : IDisposable
{
    private const string Ok = "d8:intervali900e5:peers6:\u007f\u0000\u0000\u0001\u001a\u00e1e";
    private const string Refusal = "d14:failure reason7:go awaye";
    private static readonly UdpTrackerOptions FastUdp = new() { BaseTimeout = TimeSpan.FromMilliseconds(50), MaxRetransmissions = 1 };
    private readonly HttpClient _http = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(20));

    public void Dispose()
    {
        _http.Dispose();
        _timeout.Dispose();
    }

    private TrackerManager Manager(IReadOnlyList<IReadOnlyList<string>> tiers, int seed = 1, TimeProvider? clock = null) =>
        new(tiers, _http, clock ?? TimeProvider.System, new TrackerManagerOptions { Udp = FastUdp, ShuffleSeed = seed });

    private static string? EventOf(string target) =>
        target.Split('?', 2)[1].Split('&').Select(p => p.Split('=', 2)).FirstOrDefault(p => p[0] == "event")?[1];

    /// <summary>A shuffle seed under which <paramref name="first"/> is tried before the others of its tier.</summary>
    private int SeedPutting(string first, IReadOnlyList<IReadOnlyList<string>> tiers)
    {
        for (var seed = 0; seed < 1000; seed++)
        {
            using var probe = Manager(tiers, seed);
            if (probe.GetStatus()[0].Url == first)
            {
                return seed;
            }
        }

        throw new InvalidOperationException("no seed found");
    }

    [Fact]
    public async Task A_failed_tier_falls_to_the_next()
    {
        await using var refusing = new ScriptedHttpTracker(_ => HttpReply.Ok(Refusal));
        await using var silent = new ScriptedUdpTracker((_, _) => []);
        await using var good = new ScriptedHttpTracker(_ => HttpReply.Ok(Ok));
        using var manager = Manager([[refusing.AnnounceUrl, silent.AnnounceUrl], [good.AnnounceUrl]]);

        var response = await manager.AnnounceAsync(Request(RandomHash()), _timeout.Token);

        Assert.NotNull(response);
        Assert.Single(response.Peers);
        var status = manager.GetStatus();
        Assert.Equal("error", status.Single(s => s.Url == refusing.AnnounceUrl).Status);
        Assert.Equal("go away", status.Single(s => s.Url == refusing.AnnounceUrl).Message);
        Assert.Contains("did not answer 2 attempts", status.Single(s => s.Url == silent.AnnounceUrl).Message, StringComparison.Ordinal);
        var working = status.Single(s => s.Url == good.AnnounceUrl);
        Assert.Equal(("working", 1, 1), (working.Status, working.Tier, working.Peers));
        Assert.Single(refusing.Targets);
        Assert.Equal(2, silent.Received.Count);
    }

    [Fact]
    public async Task A_responding_tracker_moves_to_the_front_of_its_tier()
    {
        await using var failing = new ScriptedHttpTracker(_ => HttpReply.Ok(Refusal));
        await using var good = new ScriptedHttpTracker(_ => HttpReply.Ok(Ok));
        IReadOnlyList<IReadOnlyList<string>> tiers = [[failing.AnnounceUrl, good.AnnounceUrl]];
        using var manager = Manager(tiers, SeedPutting(failing.AnnounceUrl, tiers));
        var hash = RandomHash();

        await manager.AnnounceAsync(Request(hash), _timeout.Token);
        await manager.AnnounceAsync(Request(hash, evt: AnnounceEvent.None), _timeout.Token);
        await manager.AnnounceAsync(Request(hash, evt: AnnounceEvent.None), _timeout.Token);

        Assert.Single(failing.Targets); // tried once, before the good one answered
        Assert.Equal(3, good.Targets.Count);
        Assert.Equal([good.AnnounceUrl, failing.AnnounceUrl], manager.GetStatus().Select(s => s.Url));
    }

    [Fact]
    public async Task Each_tier_is_shuffled_once()
    {
        var servers = new List<ScriptedHttpTracker>();
        for (var i = 0; i < 5; i++)
        {
            servers.Add(new ScriptedHttpTracker(_ => HttpReply.Ok(Ok)));
        }

        try
        {
            IReadOnlyList<IReadOnlyList<string>> tiers = [servers.Select(s => s.AnnounceUrl).ToArray()];
            var firsts = Enumerable.Range(0, 40).Select(seed =>
            {
                using var m = Manager(tiers, seed);
                return m.GetStatus()[0].Url;
            }).Distinct().Count();
            using var manager = Manager(tiers, 7);
            var hash = RandomHash();
            for (var i = 0; i < 4; i++)
            {
                await manager.AnnounceAsync(Request(hash, evt: i == 0 ? AnnounceEvent.Started : AnnounceEvent.None), _timeout.Token);
            }

            Assert.True(firsts >= 3, $"40 seeds put only {firsts} different trackers first");
            Assert.Equal([0, 0, 0, 0, 4], servers.Select(s => s.Targets.Count).Order());
        }
        finally
        {
            foreach (var s in servers)
            {
                await s.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Started_goes_to_a_fallback_tracker_that_missed_it_and_stopped_to_every_started_tracker()
    {
        var primaryUp = 1;
        await using var primary = new ScriptedHttpTracker(_ => HttpReply.Ok(Volatile.Read(ref primaryUp) == 1 ? Ok : Refusal));
        await using var backup = new ScriptedHttpTracker(_ => HttpReply.Ok(Ok));
        using var manager = Manager([[primary.AnnounceUrl], [backup.AnnounceUrl]]);
        var hash = RandomHash();

        await manager.AnnounceAsync(Request(hash, evt: AnnounceEvent.Started), _timeout.Token);
        Volatile.Write(ref primaryUp, 0);
        await manager.AnnounceAsync(Request(hash, evt: AnnounceEvent.None), _timeout.Token);
        await manager.AnnounceAsync(Request(hash, evt: AnnounceEvent.Completed, left: 0), _timeout.Token);
        Volatile.Write(ref primaryUp, 1);
        await manager.AnnounceAsync(Request(hash, evt: AnnounceEvent.Stopped, left: 0), _timeout.Token);

        // The primary stays first in line (tier 0) and keeps being asked; it saw 'started', so it gets 'stopped' too.
        Assert.Equal(["started", null, "completed", "stopped"], primary.Targets.Select(EventOf));
        Assert.Equal(["started", "completed", "stopped"], backup.Targets.Select(EventOf));
    }

    [Fact]
    public async Task Next_announce_follows_the_interval_with_a_floor_and_retries_after_total_failure()
    {
        var clock = new ManualClock();
        var body = Ok;
        await using var server = new ScriptedHttpTracker(_ => HttpReply.Ok(Volatile.Read(ref body)));
        using var manager = Manager([[server.AnnounceUrl]], clock: clock);
        var hash = RandomHash();
        Assert.Equal(clock.GetUtcNow(), manager.NextAnnounceDue);

        await manager.AnnounceAsync(Request(hash), _timeout.Token);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(900), manager.NextAnnounceDue);
        Assert.Equal(manager.NextAnnounceDue, manager.GetStatus()[0].NextAnnounce);

        Volatile.Write(ref body, "d8:intervali0e12:min intervali5e5:peers0:e");
        await manager.AnnounceAsync(Request(hash, evt: AnnounceEvent.None), _timeout.Token);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(30), manager.NextAnnounceDue);

        Volatile.Write(ref body, "d8:intervali600e12:min intervali1200e5:peers0:e");
        await manager.AnnounceAsync(Request(hash, evt: AnnounceEvent.None), _timeout.Token);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(1200), manager.NextAnnounceDue);

        Volatile.Write(ref body, Refusal);
        clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Null(await manager.AnnounceAsync(Request(hash, evt: AnnounceEvent.None), _timeout.Token));
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromMinutes(1), manager.NextAnnounceDue);
        Assert.Null(manager.GetStatus()[0].NextAnnounce);
    }

    [Fact]
    public async Task A_warning_is_shown_in_the_status()
    {
        await using var server = new ScriptedHttpTracker(_ => HttpReply.Ok("d8:intervali900e5:peers0:15:warning message10:be patiente"));
        using var manager = Manager([[server.AnnounceUrl]]);

        await manager.AnnounceAsync(Request(RandomHash()), _timeout.Token);

        var status = Assert.Single(manager.GetStatus());
        Assert.Equal(("working", "be patient", 0), (status.Status, status.Message, status.Peers));
    }

    [Fact]
    public async Task Unusable_urls_are_reported_not_thrown_and_blanks_and_repeats_are_dropped()
    {
        await using var good = new ScriptedHttpTracker(_ => HttpReply.Ok(Ok));
        using var manager = Manager([["not a url", "wss://tracker.invalid/announce", "udp://127.0.0.1/announce", " ", ""], [], [good.AnnounceUrl, good.AnnounceUrl + " "]]);

        var response = await manager.AnnounceAsync(Request(RandomHash()), _timeout.Token);

        Assert.NotNull(response);
        var status = manager.GetStatus();
        Assert.Equal(4, status.Count);
        Assert.Equal("Not a valid absolute URL.", status.Single(s => s.Url == "not a url").Message);
        Assert.Equal("Unsupported tracker scheme 'wss'.", status.Single(s => s.Url.StartsWith("wss", StringComparison.Ordinal)).Message);
        Assert.Contains("has no port", status.Single(s => s.Url.StartsWith("udp", StringComparison.Ordinal)).Message, StringComparison.Ordinal);
        Assert.Equal(1, status.Single(s => s.Url == good.AnnounceUrl).Tier);
        Assert.Single(good.Targets);
    }

    [Fact]
    public async Task No_trackers_at_all_means_no_answer()
    {
        using var manager = Manager([]);

        Assert.Null(await manager.AnnounceAsync(Request(RandomHash()), _timeout.Token));
        Assert.Empty(manager.GetStatus());
    }

    [Fact]
    public async Task Cancellation_propagates_instead_of_marking_trackers_broken()
    {
        await using var slow = new ScriptedHttpTracker(_ => new HttpReply(200, "de"u8.ToArray(), Delay: TimeSpan.FromSeconds(5)));
        using var manager = Manager([[slow.AnnounceUrl]]);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => manager.AnnounceAsync(Request(RandomHash()), cancel.Token));

        Assert.Equal("not-contacted", manager.GetStatus()[0].Status);
    }
}
