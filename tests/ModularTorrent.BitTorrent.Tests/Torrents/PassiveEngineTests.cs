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
        using var seedDir = new TempDirectory();
        using var leechDir = new TempDirectory();
        seedDir.WriteFile("share/file.bin", TestData.Bytes(300_000, 71));
        var metainfo = TorrentMetainfo.Parse(await TorrentCreator.CreateAsync(seedDir.Combine("share"), new TorrentCreateOptions { PieceLength = 16384 }));

        var seedContext = new TestPluginContext();
        var leechContext = new TestPluginContext();
        await using var seeder = await TestEngines.StartAsync(seedContext, TestEngines.LoopbackSettings() with { DialPeers = false });
        await using var leecher = await TestEngines.StartAsync(leechContext);

        // The seed is told where the leecher is, which an active engine would dial at once.
        var seed = await seeder.AddAsync(metainfo, new TorrentOptions(seedDir.Path) { Peers = [TestEngines.EndPoint(leecher)] });
        await seed.WaitForStartAsync();
        var leech = await leecher.AddAsync(metainfo, new TorrentOptions(leechDir.Path) { Peers = [TestEngines.EndPoint(seeder)] });
        await Wait.UntilAsync(() => leech.State == TransferState.Seeding, Timeout, () => leechContext.TestLogger.Dump() + seedContext.TestLogger.Dump());

        Assert.Equal(File.ReadAllBytes(seedDir.Combine("share", "file.bin")), File.ReadAllBytes(leechDir.Combine("share", "file.bin")));
        Assert.NotEmpty(seedContext.EventLog.OfType<PeerConnected>());
        Assert.All(seedContext.EventLog.OfType<PeerConnected>(), e => Assert.True(e.Incoming));
        Assert.All(leechContext.EventLog.OfType<PeerConnected>(), e => Assert.False(e.Incoming));
    }

    [Fact]
    public async Task A_passive_engine_refuses_a_magnet_link_it_could_not_resolve()
    {
        await using var engine = await TestEngines.StartAsync(new TestPluginContext(), TestEngines.LoopbackSettings() with { DialPeers = false });
        using var dir = new TempDirectory();
        var link = MagnetLink.Parse("magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a");

        var error = Assert.Throws<TransferSourceException>(() => engine.AddMagnet(link, new TorrentOptions(dir.Path)));
        Assert.Equal(TransferSourceError.Unsupported, error.Reason);
        Assert.Contains("does not dial", error.Message, StringComparison.Ordinal);
    }
}
