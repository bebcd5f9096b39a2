using ModularTorrent.BitTorrent.Discovery;
using static ModularTorrent.BitTorrent.Tests.Discovery.TrackerTestData;

namespace ModularTorrent.BitTorrent.Tests.Discovery;

/// <summary>Our HTTP and UDP clients against a real opentracker process.</summary>
[Collection(OpenTrackerCollection.Name)]
public sealed class OpenTrackerTests(OpenTrackerFixture tracker) : IDisposable
{
    private static readonly UdpTrackerOptions FastUdp = new() { BaseTimeout = TimeSpan.FromSeconds(1), MaxRetransmissions = 2 };
    private readonly HttpClient _http = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    public static TheoryData<string> Protocols => ["http", "udp"];

    public void Dispose()
    {
        _http.Dispose();
        _timeout.Dispose();
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Two_peers_see_each_other(string protocol)
    {
        using var client = Create(protocol);
        var hash = tracker.TakeHash();

        await client.AnnounceAsync(Request(hash, "alice", port: 40001), _timeout.Token);
        var forBob = await client.AnnounceAsync(Request(hash, "bob", port: 40002, left: 0), _timeout.Token);
        var forAlice = await client.AnnounceAsync(Request(hash, "alice", port: 40001, evt: AnnounceEvent.None), _timeout.Token);

        Assert.Contains(forBob.Peers, p => p.Port == 40001 && p.Address.ToString() == "127.0.0.1");
        Assert.Contains(forAlice.Peers, p => p.Port == 40002);
        Assert.Equal(1, forBob.Seeders);
        Assert.Equal(1, forBob.Leechers);
        Assert.True(forBob.Interval > TimeSpan.Zero);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Scrape_counts_seeders_and_leechers(string protocol)
    {
        using var client = Create(protocol);
        var hash = tracker.TakeHash();
        await client.AnnounceAsync(Request(hash, "l1", port: 41001), _timeout.Token);
        await client.AnnounceAsync(Request(hash, "l2", port: 41002), _timeout.Token);
        await client.AnnounceAsync(Request(hash, "s1", port: 41003, left: 0), _timeout.Token);

        var stats = await client.ScrapeAsync([hash], _timeout.Token);

        Assert.Equal(new ScrapeStats(1, 0, 2), stats[hash]);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Stopped_removes_the_peer(string protocol)
    {
        using var client = Create(protocol);
        var hash = tracker.TakeHash();
        await client.AnnounceAsync(Request(hash, "quitter", port: 42001), _timeout.Token);
        await client.AnnounceAsync(Request(hash, "stayer", port: 42002, left: 0), _timeout.Token);

        await client.AnnounceAsync(Request(hash, "quitter", port: 42001, evt: AnnounceEvent.Stopped), _timeout.Token);
        var after = await client.AnnounceAsync(Request(hash, "stayer", port: 42002, left: 0, evt: AnnounceEvent.None), _timeout.Token);
        var stats = await client.ScrapeAsync([hash], _timeout.Token);

        Assert.DoesNotContain(after.Peers, p => p.Port == 42001);
        Assert.Equal(0, stats[hash].Leechers);
        Assert.Equal(1, stats[hash].Seeders);
    }

    [Fact]
    public async Task Http_completed_event_is_counted_as_a_download()
    {
        using var client = Create("http");
        var hash = tracker.TakeHash();
        await client.AnnounceAsync(Request(hash, "finisher", port: 43001), _timeout.Token);
        await client.AnnounceAsync(Request(hash, "finisher", port: 43001, left: 0, evt: AnnounceEvent.Completed), _timeout.Token);

        var stats = await client.ScrapeAsync([hash], _timeout.Token);

        Assert.Equal(new ScrapeStats(1, 1, 0), stats[hash]);
    }

    [Fact]
    public async Task A_hash_off_the_whitelist_is_refused_with_the_trackers_own_reason()
    {
        using var client = Create("http");

        var ex = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(Request(RandomHash()), _timeout.Token));

        Assert.Equal(TrackerErrorKind.Refused, ex.Kind);
        Assert.Equal("Requested download is not authorized for use with this tracker.", ex.Message);
    }

    [Fact]
    public async Task Manager_falls_back_from_a_dead_tier_to_the_real_tracker_over_udp()
    {
        int closedPort;
        using (var probe = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0)))
        {
            closedPort = ((System.Net.IPEndPoint)probe.Client.LocalEndPoint!).Port;
        }

        var options = new TrackerManagerOptions { Udp = FastUdp, ShuffleSeed = 1 };
        using var manager = new TrackerManager(
            [[$"udp://127.0.0.1:{closedPort}/announce"], [tracker.UdpAnnounceUrl]],
            _http,
            TimeProvider.System,
            options);
        var hash = tracker.TakeHash();

        var response = await manager.AnnounceAsync(Request(hash, "mgr", port: 44001), _timeout.Token);

        Assert.NotNull(response);
        Assert.Contains(response.Peers, p => p.Port == 44001);
        var status = manager.GetStatus();
        Assert.Equal("error", status[0].Status);
        Assert.Equal("working", status[1].Status);
        Assert.Equal(1, status[1].Tier);
    }

    private ITrackerClient Create(string protocol) => protocol == "udp"
        ? new UdpTrackerClient(new Uri(tracker.UdpAnnounceUrl), TimeProvider.System, FastUdp)
        : new HttpTrackerClient(new Uri(tracker.HttpAnnounceUrl), _http, TimeProvider.System);
}
