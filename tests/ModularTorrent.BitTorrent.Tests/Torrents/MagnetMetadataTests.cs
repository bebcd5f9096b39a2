using System.Net;
using ModularTorrent.BitTorrent.Engine;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.Tests.Support;
using ModularTorrent.Sdk.Events;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.BitTorrent.Tests.Torrents;

/// <summary>BEP 9 through whole engines: a magnet's metadata must hash to its info-hash, and a peer whose copy does not is dropped.</summary>
public sealed class MagnetMetadataTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_peer_serving_forged_metadata_is_dropped_and_banned_and_an_honest_peer_completes_the_magnet()
    {
        using var seedDir = new TempFolder("mt-bt");
        using var leechDir = new TempFolder("mt-bt");
        var metainfo = await TestShares.OneFileAsync(seedDir, 200_000, 94);
        await using var liar = new LyingMetadataPeer(metainfo);
        await using var engines = await EnginePair.StartAsync();
        var seed = await engines.Seeder.AddAsync(metainfo, new TorrentOptions(seedDir.Path));
        await seed.WaitForStartAsync();

        // The liar is the only peer at first: its whole copy is assembled, fails the SHA-1, and it is dropped.
        var transfer = engines.Leecher.AddMagnet(new MagnetLink(metainfo.InfoHash), new TorrentOptions(leechDir.Path) { Peers = [liar.EndPoint] });
        var dropped = $"Dropped peer {liar.EndPoint}: its metadata for {metainfo.InfoHash} does not hash to the info-hash.";
        await Poll.UntilAsync(() => engines.LeechContext.TestLogger.Lines.Any(l => l.Contains(dropped, StringComparison.Ordinal)), Bound, engines.Logs);
        Assert.True(liar.PiecesSent >= 1);
        Assert.Null(transfer.Torrent);

        // An honest peer then dials in (as one that found our announce would): the metadata comes from it, then the data.
        seed.AddPeer(new IPEndPoint(IPAddress.Loopback, engines.Leecher.ListenPort));
        await Poll.UntilAsync(() => transfer.Torrent?.State == TransferState.Seeding, Bound, engines.Logs);
        TestShares.AssertSameFile(seedDir, leechDir);

        // The data phase never went back to the liar, though it is the magnet's one given peer.
        Assert.Equal(1, liar.Connections);
        Assert.Contains(engines.LeechContext.EventLog.OfType<PeerBanned>(), e => e.Endpoint == liar.EndPoint.ToString() && e.Reason.Contains("metadata", StringComparison.Ordinal));
        Assert.DoesNotContain(transfer.GetPeers(), p => p.Endpoint == liar.EndPoint.ToString());
    }

    [Fact]
    public async Task A_magnet_whose_only_peer_was_down_at_first_completes_once_that_peer_is_up()
    {
        using var seedDir = new TempFolder("mt-bt");
        using var leechDir = new TempFolder("mt-bt");
        var metainfo = await TestShares.OneFileAsync(seedDir, 200_000, 95);
        var seedPort = FreePort.Next();
        var leechContext = new TestPluginContext();
        await using var leecher = await TestEngines.StartAsync(leechContext);

        // Nothing listens yet: the first attempt is refused.
        var transfer = leecher.AddMagnet(new MagnetLink(metainfo.InfoHash), new TorrentOptions(leechDir.Path) { Peers = [new IPEndPoint(IPAddress.Loopback, seedPort)] });
        await Poll.UntilAsync(() => leechContext.TestLogger.Lines.Any(l => l.Contains($"Metadata from 127.0.0.1:{seedPort}:", StringComparison.Ordinal)), Bound, leechContext.TestLogger.Dump);

        // The peer comes up; nobody offers it again, so only the fetcher's own retry can reach it.
        await using var seeder = await TestEngines.StartAsync(new TestPluginContext(), TestEngines.LoopbackSettings() with { ListenPort = seedPort });
        await (await seeder.AddAsync(metainfo, new TorrentOptions(seedDir.Path))).WaitForStartAsync();
        await Poll.UntilAsync(() => transfer.Torrent?.State == TransferState.Seeding, Bound, leechContext.TestLogger.Dump);
        TestShares.AssertSameFile(seedDir, leechDir);
    }
}
