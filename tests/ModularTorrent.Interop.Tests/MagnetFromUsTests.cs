using ModularTorrent.BitTorrent.Engine;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.Tests.Support;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.Interop.Tests;

/// <summary>libtorrent starts from a magnet link and gets the metadata (BEP 9) and then the data from us.</summary>
public sealed class MagnetFromUsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Libtorrent_fetches_metadata_and_data_from_our_seed_by_magnet()
    {
        LibtorrentProcess.RequireLibtorrent();
        using var seedDir = new TempFolder("mt-bt");
        using var leechDir = new TempFolder("mt-bt");
        InteropData.WriteShare(seedDir);

        // Many files make an info dictionary larger than one 16 KiB metadata piece.
        for (var i = 0; i < 400; i++)
        {
            seedDir.WriteFile($"share/many/file-with-a-longish-name-{i:D4}.txt", [(byte)i]);
        }

        var bytes = await TorrentCreator.CreateAsync(seedDir.Combine("share"), new TorrentCreateOptions { PieceLength = 32 * 1024 });
        var metainfo = TorrentMetainfo.Parse(bytes);
        Assert.True(metainfo.RawInfo.Length > 16 * 1024);

        var context = new TestPluginContext();
        await using var engine = await TestEngines.StartAsync(context);
        var torrent = await engine.AddAsync(metainfo, new TorrentOptions(seedDir.Path));
        await torrent.WaitForStartAsync();

        var magnet = MagnetLink.FromMetainfo(metainfo).ToString();
        using var leecher = LibtorrentProcess.DownloadMagnet(magnet, leechDir.Path, FreePort.TcpAndUdp(), [$"127.0.0.1:{engine.ListenPort}"]);
        await leecher.WaitUntilAsync(s => s.Seeding, Timeout, "magnet download complete");

        // libtorrent reports seeding before it has closed its files; the driver exits once it has.
        await leecher.WaitForExitAsync(Timeout);
        InteropData.AssertSameFiles(seedDir.Combine("share"), leechDir.Combine("share"));
    }
}
