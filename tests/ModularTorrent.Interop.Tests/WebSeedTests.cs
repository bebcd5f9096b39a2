using System.Net;
using ModularTorrent.BitTorrent.Engine;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.Tests.Support;
using ModularTorrent.Sdk.Events;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.Interop.Tests;

/// <summary>
/// Web seeds (BEP 19) through the whole engine: a real Kestrel server on 127.0.0.1 holding the files of a multi-file
/// torrent whose pieces cross file boundaries, alone or next to a libtorrent seeder.
/// </summary>
public sealed class WebSeedTests
{
    private const int PieceLength = 32 * 1024;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Web_seed_only_completes_a_multi_file_torrent()
    {
        using var seedDir = new TempFolder("mt-bt");
        using var leechDir = new TempFolder("mt-bt");
        InteropData.WriteShare(seedDir);
        await using var server = await WebSeedServer.StartAsync(seedDir.Path);
        var metainfo = await CreateAsync(seedDir, server.Url);

        var context = new TestPluginContext();
        await using var engine = await TestEngines.StartAsync(context);
        var torrent = await engine.AddAsync(metainfo, new TorrentOptions(leechDir.Path));
        await Poll.UntilAsync(() => torrent.State == TransferState.Seeding, Timeout, context.TestLogger.Dump);

        InteropData.AssertSameFiles(seedDir.Combine("share"), leechDir.Combine("share"));
        Assert.Empty(torrent.GetPeers());
        Assert.True(server.BytesServed >= metainfo.TotalLength, $"served {server.BytesServed} of {metainfo.TotalLength}");
        Assert.Equal(metainfo.PieceCount, context.EventLog.OfType<PieceVerified>().Count(e => e.Id == torrent.Id));
        Assert.Contains(context.EventLog.OfType<TransferCompleted>(), e => e.Id == torrent.Id);
    }

    [Fact]
    public async Task Web_seed_and_libtorrent_peer_both_contribute()
    {
        LibtorrentProcess.RequireLibtorrent();
        using var seedDir = new TempFolder("mt-bt");
        using var leechDir = new TempFolder("mt-bt");
        InteropData.WriteShare(seedDir, scale: 4);
        await using var server = await WebSeedServer.StartAsync(seedDir.Path);
        var metainfo = await CreateAsync(seedDir, server.Url);

        // libtorrent slowed down so the web seed gets a share; the download limit slows us so libtorrent gets one too.
        var port = FreePort.TcpAndUdp();
        using var seeder = LibtorrentProcess.Seed(seedDir.Combine("share.torrent"), seedDir.Path, port, uploadLimit: 256 * 1024);
        await seeder.WaitUntilAsync(s => s.Seeding, Timeout, "seeding");

        var context = new TestPluginContext();
        await using var engine = await TestEngines.StartAsync(context, TestEngines.LoopbackSettings(downloadLimit: 512 * 1024));
        var torrent = await engine.AddAsync(metainfo, new TorrentOptions(leechDir.Path) { Peers = [new IPEndPoint(IPAddress.Loopback, port)] });
        await Poll.UntilAsync(() => torrent.State == TransferState.Seeding, Timeout, () => context.TestLogger.Dump() + seeder.Output);

        InteropData.AssertSameFiles(seedDir.Combine("share"), leechDir.Combine("share"));
        Assert.Contains(context.EventLog.OfType<PeerConnected>(), e => e.Client?.Contains("libtorrent", StringComparison.OrdinalIgnoreCase) == true);
        Assert.True(server.BytesServed >= PieceLength, $"the web seed served only {server.BytesServed} bytes");
        await seeder.WaitUntilAsync(s => s.Uploaded >= PieceLength, TimeSpan.FromSeconds(10), "libtorrent reports uploading at least a piece");
    }

    [Fact]
    public async Task Bad_web_seed_is_dropped_and_the_torrent_completes_from_a_peer()
    {
        LibtorrentProcess.RequireLibtorrent();
        using var seedDir = new TempFolder("mt-bt");
        using var leechDir = new TempFolder("mt-bt");
        InteropData.WriteShare(seedDir);

        // Every byte of b/c.bin is wrong on this server; its other files are right.
        await using var server = await WebSeedServer.StartAsync(seedDir.Path, "share/b/c.bin");
        var metainfo = await CreateAsync(seedDir, server.Url);

        var port = FreePort.TcpAndUdp();
        using var seeder = LibtorrentProcess.Seed(seedDir.Combine("share.torrent"), seedDir.Path, port, uploadLimit: 64 * 1024);
        await seeder.WaitUntilAsync(s => s.Seeding, Timeout, "seeding");

        var context = new TestPluginContext();
        await using var engine = await TestEngines.StartAsync(context);
        var torrent = await engine.AddAsync(metainfo, new TorrentOptions(leechDir.Path) { Peers = [new IPEndPoint(IPAddress.Loopback, port)] });
        await Poll.UntilAsync(() => torrent.State == TransferState.Seeding, Timeout, () => context.TestLogger.Dump() + seeder.Output);

        InteropData.AssertSameFiles(seedDir.Combine("share"), leechDir.Combine("share"));
        var failed = context.EventLog.OfType<PieceFailed>().Where(e => e.Peers.Contains(server.Url)).ToList();
        Assert.True(failed.Count >= 2, "the web seed's bad pieces were not reported\n" + context.TestLogger.Dump());
        Assert.Contains(context.TestLogger.Lines, l => l.Contains($"Web seed {server.Url} dropped", StringComparison.Ordinal));

        // Dropped means no more requests: the count stays put while we keep seeding.
        var requests = server.Requests;
        await Task.Delay(1500);
        Assert.Equal(requests, server.Requests);
    }

    private static async Task<TorrentMetainfo> CreateAsync(TempFolder dir, string webSeed)
    {
        var bytes = await TorrentCreator.CreateAsync(dir.Combine("share"), new TorrentCreateOptions { WebSeeds = [webSeed], PieceLength = PieceLength });
        await File.WriteAllBytesAsync(dir.Combine("share.torrent"), bytes);
        var metainfo = TorrentMetainfo.Parse(bytes);
        Assert.True(metainfo.IsMultiFile);
        Assert.Equal([webSeed], metainfo.WebSeeds);
        return metainfo;
    }
}
