using System.Net;
using ModularTorrent.BitTorrent.Engine;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.Tests.Discovery;
using ModularTorrent.BitTorrent.Tests.Support;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.Interop.Tests;

/// <summary>Case 1: libtorrent seeds a multi-file torrent (pieces crossing files); our engine downloads it.</summary>
public sealed class LibtorrentSeedsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task We_download_from_libtorrent_by_direct_peer()
    {
        LibtorrentProcess.RequireLibtorrent();
        using var seedDir = new TempFolder("mt-bt");
        using var leechDir = new TempFolder("mt-bt");
        var (metainfo, torrentPath) = await InteropData.WriteShareLibtorrentTorrentAsync(seedDir);
        Assert.True(metainfo.IsMultiFile);

        var port = FreePort.TcpAndUdp();
        using var seeder = LibtorrentProcess.Seed(torrentPath, seedDir.Path, port);
        await seeder.WaitUntilAsync(s => s.Seeding, Timeout, "seeding");

        var context = new TestPluginContext();
        await using var engine = await TestEngines.StartAsync(context);
        var torrent = await engine.AddAsync(metainfo, new TorrentOptions(leechDir.Path) { Peers = [new IPEndPoint(IPAddress.Loopback, port)] });
        await Poll.UntilAsync(() => torrent.State == TransferState.Seeding, Timeout, () => context.TestLogger.Dump() + seeder.Output);

        InteropData.AssertSameFiles(seedDir.Combine("share"), leechDir.Combine("share"));
        Assert.Contains(context.EventLog.OfType<Sdk.Events.PeerConnected>(), e => e.Client?.Contains("libtorrent", StringComparison.OrdinalIgnoreCase) == true);
    }

    [Theory]
    [InlineData("http")]
    [InlineData("udp")]
    public async Task We_download_from_libtorrent_found_through_opentracker(string scheme)
    {
        LibtorrentProcess.RequireLibtorrent();
        using var seedDir = new TempFolder("mt-bt");
        using var leechDir = new TempFolder("mt-bt");
        InteropData.WriteShare(seedDir);

        // The tracker must know the hash before it starts (whitelist), so hash with a placeholder URL
        // first: the announce URL is outside the info dictionary and does not change the info-hash.
        var probe = seedDir.Combine("probe.torrent");
        await LibtorrentProcess.CreateTorrentAsync(seedDir.Combine("share"), probe, 32 * 1024);
        var hash = TorrentMetainfo.Parse(await File.ReadAllBytesAsync(probe)).InfoHash;
        await using var tracker = await OpenTrackerProcess.StartAsync([hash]);
        var url = scheme == "http" ? tracker.HttpAnnounceUrl : tracker.UdpAnnounceUrl;
        var torrentPath = seedDir.Combine("share.torrent");
        await LibtorrentProcess.CreateTorrentAsync(seedDir.Combine("share"), torrentPath, 32 * 1024, url);
        var metainfo = TorrentMetainfo.Parse(await File.ReadAllBytesAsync(torrentPath));
        Assert.Equal(hash, metainfo.InfoHash);
        Assert.Equal(url, metainfo.AnnounceTiers[0][0]);

        using var seeder = LibtorrentProcess.Seed(torrentPath, seedDir.Path, FreePort.TcpAndUdp());
        await seeder.WaitUntilAsync(s => s.Seeding, Timeout, "seeding");

        var context = new TestPluginContext();
        await using var engine = await TestEngines.StartAsync(context);
        var torrent = await engine.AddAsync(metainfo, new TorrentOptions(leechDir.Path));

        // libtorrent may announce after us; ask again until the tracker hands out its address.
        var deadline = DateTime.UtcNow + Timeout;
        while (torrent.State != TransferState.Seeding)
        {
            Assert.True(DateTime.UtcNow < deadline, "not complete in time\n" + context.TestLogger.Dump() + seeder.Output);
            if (torrent.GetPeers().Count == 0)
            {
                await torrent.ReannounceAsync();
            }

            await Task.Delay(1000);
        }

        InteropData.AssertSameFiles(seedDir.Combine("share"), leechDir.Combine("share"));
        var trackers = torrent.GetTrackers();
        Assert.Contains(trackers, t => t.Url == url);
    }

    [Fact]
    public async Task We_download_from_libtorrent_starting_from_a_magnet_link()
    {
        LibtorrentProcess.RequireLibtorrent();
        using var seedDir = new TempFolder("mt-bt");
        using var leechDir = new TempFolder("mt-bt");
        var (metainfo, torrentPath) = await InteropData.WriteShareLibtorrentTorrentAsync(seedDir);

        var port = FreePort.TcpAndUdp();
        using var seeder = LibtorrentProcess.Seed(torrentPath, seedDir.Path, port);
        await seeder.WaitUntilAsync(s => s.Seeding, Timeout, "seeding");

        // Only the info-hash and a peer: the metadata must come from libtorrent (BEP 9).
        var magnet = new MagnetLink(metainfo.InfoHash) { DisplayName = "share", Peers = [$"127.0.0.1:{port}"] };
        var context = new TestPluginContext();
        await using var engine = await TestEngines.StartAsync(context);
        var transfer = engine.AddMagnet(magnet, new TorrentOptions(leechDir.Path));
        await Poll.UntilAsync(() => transfer.GetStatus().State == TransferState.Seeding, Timeout, () => context.TestLogger.Dump() + seeder.Output);

        InteropData.AssertSameFiles(seedDir.Combine("share"), leechDir.Combine("share"));
        Assert.Equal(metainfo.InfoHash, transfer.Torrent!.InfoHash);
        Assert.Equal(metainfo.RawInfo.ToArray(), transfer.Torrent.Metainfo.RawInfo.ToArray());
    }
}
