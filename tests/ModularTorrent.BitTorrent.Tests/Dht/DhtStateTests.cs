using System.Net;
using System.Security.Cryptography;
using ModularTorrent.BitTorrent.Dht;
using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.Tests.Dht;

public sealed class DhtStateTests
{
    private static readonly IPAddress A = IPAddress.Parse("10.1.2.3");
    private static readonly IPAddress B = IPAddress.Parse("10.1.2.4");

    [Fact]
    public void Tokens_survive_one_rotation_and_die_after_two()
    {
        var clock = new TestClock();
        var tokens = new TokenManager(clock, TimeSpan.FromMinutes(5));
        var token = tokens.Create(A);
        Assert.True(tokens.Validate(A, token));
        Assert.False(tokens.Validate(B, token));

        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True(tokens.Validate(A, token)); // the previous secret is still accepted
        var fresh = tokens.Create(A);
        Assert.NotEqual(token, fresh);

        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.False(tokens.Validate(A, token));
        Assert.True(tokens.Validate(A, fresh));

        clock.Advance(TimeSpan.FromMinutes(11));
        Assert.False(tokens.Validate(A, fresh));
        Assert.False(tokens.Validate(A, []));
    }

    [Fact]
    public void Peer_store_expires_and_stays_bounded()
    {
        var clock = new TestClock();
        var store = new PeerStore(clock, TimeSpan.FromMinutes(30), maxTorrents: 2, maxPeersPerTorrent: 3);
        var one = new InfoHash(SHA1.HashData("1"u8));
        var two = new InfoHash(SHA1.HashData("2"u8));
        var three = new InfoHash(SHA1.HashData("3"u8));
        for (var i = 0; i < 5; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            Assert.True(store.Add(one, new IPEndPoint(A, 1000 + i)));
        }

        var peers = store.Get(one, 10);
        Assert.Equal(3, peers.Count);
        Assert.DoesNotContain(new IPEndPoint(A, 1000), peers); // the oldest made room
        Assert.Equal(2, store.Get(one, 2).Count);

        Assert.True(store.Add(two, new IPEndPoint(B, 1)));
        Assert.False(store.Add(three, new IPEndPoint(B, 1)));

        clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Empty(store.Get(one, 10));
        Assert.True(store.Add(three, new IPEndPoint(B, 1))); // expiry freed room
        store.Expire();
        Assert.Equal(1, store.TorrentCount);
    }

    [Fact]
    public void Rate_limiter_allows_a_burst_then_refills()
    {
        var clock = new TestClock();
        var limiter = new SourceRateLimiter(clock, perSecond: 2, burst: 5);
        Assert.Equal(5, Enumerable.Range(0, 20).Count(_ => limiter.TryAcquire(A)));
        Assert.True(limiter.TryAcquire(B)); // per source
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, Enumerable.Range(0, 20).Count(_ => limiter.TryAcquire(A)));
    }

    [Fact]
    public void Bootstrap_nodes_parse_from_configuration_text()
    {
        var nodes = DhtSettings.ParseBootstrapNodes(["router.example.org:6881", " 127.0.0.1:7000 ", "[::1]:6881"]);
        Assert.Equal([new DnsEndPoint("router.example.org", 6881), new DnsEndPoint("127.0.0.1", 7000), new DnsEndPoint("::1", 6881)], nodes);
        foreach (var bad in new[] { "nohost", ":6881", "host:", "host:0", "host:70000", "host:x" })
        {
            var error = Assert.Throws<FormatException>(() => DhtSettings.ParseBootstrapNodes([bad]));
            Assert.Contains(bad, error.Message, StringComparison.Ordinal);
        }

        Assert.Empty(new DhtSettings().BootstrapNodes);
    }

    [Fact]
    public async Task Configured_bootstrap_nodes_are_used_when_the_table_is_empty()
    {
        await using var seed = new DhtNode(DhtNodeTests.FastSettings, TimeProvider.System);
        await seed.StartAsync(new IPEndPoint(IPAddress.Loopback, 0));
        var settings = DhtNodeTests.FastSettings with { BootstrapNodes = DhtSettings.ParseBootstrapNodes(["127.0.0.1:" + seed.LocalEndPoint.Port]) };
        await using var node = new DhtNode(settings, TimeProvider.System);
        await node.StartAsync(new IPEndPoint(IPAddress.Loopback, 0));
        await node.GetPeersAsync(new InfoHash(SHA1.HashData("boot"u8)));
        Assert.Equal(1, node.NodeCount);
    }
}
