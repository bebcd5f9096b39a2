using System.Net;
using ModularTorrent.BitTorrent.Dht;
using ModularTorrent.BitTorrent.Engine;
using ModularTorrent.BitTorrent.Tests.Support;
using ModularTorrent.Sdk.Events;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.BitTorrent.Tests.Torrents;

/// <summary>
/// BEP 27 through whole engines: a private torrent gets peers from its trackers and the peers it is given only, so
/// it neither announces on the DHT nor exchanges peers. Each case runs public as well, so it fails if the mechanism
/// under test were simply not working. LSD has the same pair of cases in <see cref="LocalDiscoveryTests"/>.
/// </summary>
public sealed class PrivateTorrentTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Only_a_public_torrent_is_announced_on_the_dht(bool isPrivate)
    {
        using var seedDir = new TempFolder("mt-bt");
        var metainfo = await TestShares.OneFileAsync(seedDir, 100_000, 71, isPrivate: isPrivate);
        Assert.Equal(isPrivate, metainfo.IsPrivate);

        await using var node = await TestEngines.StartAsync(new TestPluginContext(), TestEngines.LoopbackSettings() with { Dht = new DhtSettings() });
        var context = new TestPluginContext();
        var settings = TestEngines.LoopbackSettings() with
        {
            Dht = new DhtSettings { BootstrapNodes = [new DnsEndPoint("127.0.0.1", node.ListenPort)] },
        };
        await using var engine = await TestEngines.StartAsync(context, settings);
        await engine.DhtBootstrap.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(engine.Dht!.NodeCount >= 1, "the engine did not join the one-node DHT\n" + context.TestLogger.Dump());
        var torrent = await engine.AddAsync(metainfo, new TorrentOptions(seedDir.Path));
        await torrent.WaitForStartAsync();

        if (isPrivate)
        {
            // A public torrent is announced within a second or two here (the other case); give it well over that.
            await Task.Delay(TimeSpan.FromSeconds(4));
            Assert.Equal(0, node.Dht!.StoredTorrentCount);
            Assert.DoesNotContain(context.TestLogger.Lines, l => l.Contains("peers found, announced to", StringComparison.Ordinal));
        }
        else
        {
            await Poll.UntilAsync(() => node.Dht!.StoredTorrentCount == 1, TimeSpan.FromSeconds(20), context.TestLogger.Dump);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Only_a_public_torrent_exchanges_peers(bool isPrivate)
    {
        using var seedDir = new TempFolder("mt-bt");
        using var bDir = new TempFolder("mt-bt");
        using var cDir = new TempFolder("mt-bt");
        var metainfo = await TestShares.OneFileAsync(seedDir, 200_000, 72, isPrivate: isPrivate);
        await using var trio = await PexTrio.StartAsync(metainfo, seedDir.Path, bDir.Path, cDir.Path, bLimits: new RateLimits(16_384, 0));
        var (cContext, cTorrent) = (trio.CContext, trio.CTorrent);

        // C is given B only. Through B's PEX, C hears of A (or A of C): either way C connects with someone besides B
        // (C may finish within a second and drop A again as a fellow seed, so the connection events are the record).
        var bEndPoint = TestEngines.EndPoint(trio.B).ToString();
        bool MetSomeoneElse() => cContext.EventLog.OfType<PeerConnected>().Any(e => e.Endpoint != bEndPoint);

        if (isPrivate)
        {
            await Poll.UntilAsync(() => cTorrent.GetPeers().Count == 1, TimeSpan.FromSeconds(20), cContext.TestLogger.Dump);
            await Task.Delay(TimeSpan.FromSeconds(4));
            Assert.False(MetSomeoneElse(), cContext.TestLogger.Dump());
            Assert.DoesNotContain(cContext.TestLogger.Lines, l => l.Contains("PEX from", StringComparison.Ordinal));
        }
        else
        {
            await Poll.UntilAsync(MetSomeoneElse, TimeSpan.FromSeconds(20), cContext.TestLogger.Dump);
            Assert.Contains(cContext.TestLogger.Lines, l => l.Contains("PEX from", StringComparison.Ordinal));
        }
    }
}
