using System.Net;
using ModularTorrent.BitTorrent.Encryption;
using ModularTorrent.BitTorrent.Engine;
using ModularTorrent.BitTorrent.Tests.Support;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.Interop.Tests;

/// <summary>
/// MSE/PE through the whole engine: libtorrent forced to RC4 (in and out pe_forced, allowed level rc4) and our engine
/// with <c>Encryption = Required</c>. Neither side accepts a plain connection, so any transfer proves RC4 was used.
/// </summary>
public sealed class EncryptionRequiredTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private static readonly string[] Forced = ["--encryption", "forced"];

    [Fact]
    public async Task We_download_from_a_libtorrent_that_forces_rc4()
    {
        LibtorrentProcess.RequireLibtorrent();
        using var seedDir = new TempFolder("mt-bt");
        using var leechDir = new TempFolder("mt-bt");
        var (metainfo, torrentPath) = await InteropData.WriteShareTorrentAsync(seedDir);

        var port = FreePort.TcpAndUdp();
        using var seeder = LibtorrentProcess.Seed(torrentPath, seedDir.Path, port, options: Forced);
        await seeder.WaitUntilAsync(s => s.Seeding, Timeout, "seeding");

        var context = new TestPluginContext();
        await using var engine = await TestEngines.StartAsync(context, Required());
        var torrent = await engine.AddAsync(metainfo, new TorrentOptions(leechDir.Path) { Peers = [new IPEndPoint(IPAddress.Loopback, port)] });
        await Poll.UntilAsync(() => torrent.State == TransferState.Seeding, Timeout, () => context.TestLogger.Dump() + seeder.Output);

        InteropData.AssertSameFiles(seedDir.Combine("share"), leechDir.Combine("share"));
        Assert.Contains(context.EventLog.OfType<Sdk.Events.PeerConnected>(), e => e.Client?.Contains("libtorrent", StringComparison.OrdinalIgnoreCase) == true);
    }

    [Fact]
    public async Task A_libtorrent_that_forces_rc4_downloads_from_us()
    {
        LibtorrentProcess.RequireLibtorrent();
        using var seedDir = new TempFolder("mt-bt");
        using var leechDir = new TempFolder("mt-bt");
        var (metainfo, torrentPath) = await InteropData.WriteShareTorrentAsync(seedDir);

        var context = new TestPluginContext();
        await using var engine = await TestEngines.StartAsync(context, Required());
        var torrent = await engine.AddAsync(metainfo, new TorrentOptions(seedDir.Path));
        await torrent.WaitForStartAsync();
        Assert.Equal(TransferState.Seeding, torrent.State);

        using var leecher = LibtorrentProcess.Download(torrentPath, leechDir.Path, FreePort.TcpAndUdp(), [$"127.0.0.1:{engine.ListenPort}"], options: Forced);
        await leecher.WaitUntilAsync(s => s.Seeding, Timeout, "download complete");
        await leecher.WaitForExitAsync(Timeout);

        InteropData.AssertSameFiles(seedDir.Combine("share"), leechDir.Combine("share"));
        Assert.True(torrent.GetStatus().UploadedBytes >= metainfo.TotalLength);
    }

    [Fact]
    public async Task A_plain_libtorrent_is_refused_when_we_require_encryption()
    {
        // The control: without this, the two tests above would pass even if "Required" let plain connections through.
        LibtorrentProcess.RequireLibtorrent();
        using var seedDir = new TempFolder("mt-bt");
        using var leechDir = new TempFolder("mt-bt");
        var (metainfo, torrentPath) = await InteropData.WriteShareTorrentAsync(seedDir);

        var port = FreePort.TcpAndUdp();
        using var seeder = LibtorrentProcess.Seed(torrentPath, seedDir.Path, port, options: ["--encryption", "plain"]);
        await seeder.WaitUntilAsync(s => s.Seeding, Timeout, "seeding");

        var context = new TestPluginContext();
        await using var engine = await TestEngines.StartAsync(context, Required());
        var torrent = await engine.AddAsync(metainfo, new TorrentOptions(leechDir.Path) { Peers = [new IPEndPoint(IPAddress.Loopback, port)] });
        await Task.Delay(TimeSpan.FromSeconds(5));

        Assert.Empty(context.EventLog.OfType<Sdk.Events.PeerConnected>());
        Assert.Equal(0, torrent.GetStatus().VerifiedBytes);
    }

    private static EngineSettings Required() => TestEngines.LoopbackSettings() with { Encryption = new MseSettings { Mode = EncryptionMode.Required } };
}
