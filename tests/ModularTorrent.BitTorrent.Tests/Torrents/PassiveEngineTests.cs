using ModularTorrent.BitTorrent.Engine;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.Tests.Support;
using ModularTorrent.Sdk.Events;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.BitTorrent.Tests.Torrents;

/// <summary><see cref="EngineSettings.DialPeers"/> off: the engine serves whoever connects and dials nobody.</summary>
public sealed class PassiveEngineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_passive_seed_serves_the_leecher_that_dials_it_and_never_dials_the_leecher_itself()
    {
        using var seedDir = new TempFolder("mt-bt");
        using var leechDir = new TempFolder("mt-bt");
        var metainfo = await TestShares.OneFileAsync(seedDir, 300_000, 71);

        await using var engines = await EnginePair.StartAsync(seeder: TestEngines.LoopbackSettings() with { DialPeers = false });
        var (seeder, leecher) = (engines.Seeder, engines.Leecher);

        // The seed is told where the leecher is, which an active engine would dial at once.
        var seed = await seeder.AddAsync(metainfo, new TorrentOptions(seedDir.Path) { Peers = [TestEngines.EndPoint(leecher)] });
        await seed.WaitForStartAsync();
        var leech = await leecher.AddAsync(metainfo, new TorrentOptions(leechDir.Path) { Peers = [TestEngines.EndPoint(seeder)] });
        await Poll.UntilAsync(() => leech.State == TransferState.Seeding, Timeout, engines.Logs);

        TestShares.AssertSameFile(seedDir, leechDir);
        Assert.NotEmpty(engines.SeedContext.EventLog.OfType<PeerConnected>());
        Assert.All(engines.SeedContext.EventLog.OfType<PeerConnected>(), e => Assert.True(e.Incoming));
        Assert.All(engines.LeechContext.EventLog.OfType<PeerConnected>(), e => Assert.False(e.Incoming));
    }

    [Fact]
    public async Task A_passive_engine_refuses_a_magnet_link_it_could_not_resolve()
    {
        await using var engine = await TestEngines.StartAsync(new TestPluginContext(), TestEngines.LoopbackSettings() with { DialPeers = false });
        using var dir = new TempFolder("mt-bt");
        var link = MagnetLink.Parse("magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a");

        var error = Assert.Throws<TransferSourceException>(() => engine.AddMagnet(link, new TorrentOptions(dir.Path)));
        Assert.Equal(TransferSourceError.Unsupported, error.Reason);
        Assert.Contains("does not dial", error.Message, StringComparison.Ordinal);
    }
}
