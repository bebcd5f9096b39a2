using System.Net;
using ModularTorrent.BitTorrent.Engine;
using ModularTorrent.BitTorrent.Tests.Support;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.Interop.Tests;

/// <summary>
/// Case 3: libtorrent seeder → our engine → libtorrent leecher that can only reach us. The seeder's
/// upload limit keeps us downloading long enough to see pieces flow on before we are complete.
/// </summary>
public sealed class RelayTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Pieces_flow_from_us_to_a_leecher_before_we_complete()
    {
        LibtorrentProcess.RequireLibtorrent();
        using var seedDir = new TempFolder("mt-bt");
        using var ourDir = new TempFolder("mt-bt");
        using var leechDir = new TempFolder("mt-bt");
        // Private, so neither client exchanges peers (PEX) and the leecher really can reach only us.
        var (metainfo, torrentPath) = await InteropData.WriteShareLibtorrentTorrentAsync(seedDir, 16 * 1024, scale: 4, isPrivate: true);
        Assert.True(metainfo.IsPrivate);

        var seedPort = FreePort.TcpAndUdp();
        using var seeder = LibtorrentProcess.Seed(torrentPath, seedDir.Path, seedPort, uploadLimit: 400_000);
        await seeder.WaitUntilAsync(s => s.Seeding, Timeout, "seeding");

        var context = new TestPluginContext();
        await using var engine = await TestEngines.StartAsync(context);
        var torrent = await engine.AddAsync(metainfo, new TorrentOptions(ourDir.Path) { Peers = [new IPEndPoint(IPAddress.Loopback, seedPort)] });
        await Poll.UntilAsync(() => torrent.GetStatus().VerifiedBytes > 0, Timeout, context.TestLogger.Dump);

        using var leecher = LibtorrentProcess.Download(torrentPath, leechDir.Path, FreePort.TcpAndUdp(), [$"127.0.0.1:{engine.ListenPort}"]);
        await leecher.WaitUntilAsync(s => s.Pieces > 0, Timeout, "first piece from us");
        var ourProgressWhenLeecherHadAPiece = torrent.GetStatus().Progress;
        Assert.True(ourProgressWhenLeecherHadAPiece < 1.0, $"we were already complete ({ourProgressWhenLeecherHadAPiece})");
        Assert.Equal(TransferState.Downloading, torrent.State);

        await leecher.WaitUntilAsync(s => s.Seeding, Timeout, "leecher complete");
        await leecher.WaitForExitAsync(Timeout);
        await Poll.UntilAsync(() => torrent.State == TransferState.Seeding, Timeout, context.TestLogger.Dump);
        InteropData.AssertSameFiles(seedDir.Combine("share"), leechDir.Combine("share"));
        InteropData.AssertSameFiles(seedDir.Combine("share"), ourDir.Combine("share"));
    }
}
