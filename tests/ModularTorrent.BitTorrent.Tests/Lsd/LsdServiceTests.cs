using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using ModularTorrent.BitTorrent.Lsd;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.Tests.Dht;

namespace ModularTorrent.BitTorrent.Tests.Lsd;

/// <summary>
/// Real multicast on this host: the group joined on the loopback interface with TTL 0, on a random port instead of
/// 6771, so nothing leaves the machine and no real client is met.
/// </summary>
public sealed class LsdServiceTests : IAsyncLifetime
{
    private static readonly InfoHash Shared = new(SHA1.HashData("lsd shared"u8));
    private static readonly InfoHash OnlyA = new(SHA1.HashData("lsd only a"u8));
    private readonly List<LsdService> _services = [];
    private readonly LsdSettings _settings = new() { Port = FreePort.TcpAndUdp(), Interface = IPAddress.Loopback, TimeToLive = 0 };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var service in _services)
        {
            await service.DisposeAsync();
        }
    }

    private LsdService Create(TimeProvider clock, ConcurrentQueue<(InfoHash, IPEndPoint)> found, int listenPort, params InfoHash[] tracked)
    {
        var service = new LsdService(_settings, clock, (hash, peer) => found.Enqueue((hash, peer)));
        _services.Add(service);
        foreach (var hash in tracked)
        {
            service.Track(hash);
        }

        service.Start(listenPort);
        return service;
    }

    [Fact]
    public async Task Peers_on_this_host_find_each_other_over_loopback_multicast()
    {
        var clock = new TestClock();
        var foundByA = new ConcurrentQueue<(InfoHash, IPEndPoint)>();
        var foundByB = new ConcurrentQueue<(InfoHash, IPEndPoint)>();
        var a = Create(clock, foundByA, 40001, Shared, OnlyA);
        var b = Create(clock, foundByB, 40002, Shared);

        // Both are listening now; B hears A's announce, A hears B's; nobody hears itself.
        Assert.Equal(2, await a.AnnounceAsync([Shared, OnlyA]));
        Assert.Equal(1, await b.AnnounceAsync([Shared]));
        await Poll.UntilAsync(() => !foundByB.IsEmpty && !foundByA.IsEmpty, TimeSpan.FromSeconds(10), () => "no LSD announce arrived over loopback multicast");
        await Task.Delay(300);
        Assert.Equal([(Shared, new IPEndPoint(IPAddress.Loopback, 40001))], foundByB.Distinct());
        Assert.Equal([(Shared, new IPEndPoint(IPAddress.Loopback, 40002))], foundByA.Distinct());

        // Once per minute per torrent: a second announce right away is skipped, after a minute it goes out.
        Assert.Equal(0, await a.AnnounceAsync([Shared, OnlyA]));
        foundByB.Clear();
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, await a.AnnounceAsync([Shared, OnlyA]));
        await Poll.UntilAsync(() => !foundByB.IsEmpty, TimeSpan.FromSeconds(10));
        Assert.Equal(0, await b.AnnounceAsync([OnlyA])); // not tracked by B: never announced
    }

    [Fact]
    public void Own_cookie_and_garbage_are_ignored_and_untracked_hashes_not_reported()
    {
        var found = new ConcurrentQueue<(InfoHash, IPEndPoint)>();
        var service = new LsdService(_settings, TimeProvider.System, (hash, peer) => found.Enqueue((hash, peer)));
        _services.Add(service);
        service.Track(Shared);
        var source = IPAddress.Parse("192.168.1.20");

        service.Handle(LsdCodec.Encode(new LsdMessage("h", 6881, [Shared], service.Cookie)), source);
        service.Handle(Encoding.ASCII.GetBytes("garbage"), source);
        service.Handle(LsdCodec.Encode(new LsdMessage("h", 6881, [OnlyA], "other")), source);
        Assert.Empty(found);

        service.Handle(LsdCodec.Encode(new LsdMessage("h", 6881, [OnlyA, Shared], "other")), source);
        Assert.Equal((Shared, new IPEndPoint(source, 6881)), Assert.Single(found));

        service.Untrack(Shared);
        service.Handle(LsdCodec.Encode(new LsdMessage("h", 6881, [Shared], "other")), source);
        Assert.Single(found);
    }
}
