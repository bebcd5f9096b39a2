using ModularTorrent.BitTorrent.Engine;
using ModularTorrent.BitTorrent.Tests.Support;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.Interop.Tests;

/// <summary>Case 2: our engine seeds; a libtorrent client downloads to completion.</summary>
public sealed class WeSeedTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Libtorrent_downloads_what_we_seed()
    {
        LibtorrentProcess.RequireLibtorrent();
        using var seedDir = new TempFolder("mt-bt");
        using var leechDir = new TempFolder("mt-bt");
        var (metainfo, torrentPath) = await InteropData.WriteShareTorrentAsync(seedDir);

        var context = new TestPluginContext();
        await using var engine = await TestEngines.StartAsync(context);
        var torrent = await engine.AddAsync(metainfo, new TorrentOptions(seedDir.Path));
        await torrent.WaitForStartAsync();
        Assert.Equal(TransferState.Seeding, torrent.State);

        using var leecher = LibtorrentProcess.Download(torrentPath, leechDir.Path, FreePort.TcpAndUdp(), [$"127.0.0.1:{engine.ListenPort}"]);
        await leecher.WaitUntilAsync(s => s.Seeding, Timeout, "download complete");
        await leecher.WaitForExitAsync(Timeout);

        InteropData.AssertSameFiles(seedDir.Combine("share"), leechDir.Combine("share"));
        Assert.True(torrent.GetStatus().UploadedBytes >= metainfo.TotalLength);
    }
}
