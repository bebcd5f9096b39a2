using System.Net;
using ModularTorrent.BitTorrent.Engine;
using ModularTorrent.BitTorrent.Lsd;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.Tests.Support;
using ModularTorrent.Sdk.Events;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.BitTorrent.Tests.Torrents;

/// <summary>
/// BEP 14 through whole engines: no tracker, no DHT, no peer given; the two engines meet through the LSD multicast
/// group, joined on the loopback interface with TTL 0 on a random port, so nothing leaves this host. BEP 27: a private
/// torrent is neither announced nor taken from LSD, with the public case as the control.
/// </summary>
public sealed class LocalDiscoveryTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Engines_on_this_host_meet_through_lsd_only_for_a_public_torrent(bool isPrivate)
    {
        using var seedDir = new TempDirectory();
        using var leechDir = new TempDirectory();
        seedDir.WriteFile("share/file.bin", TestData.Bytes(150_000, 73));
        var metainfo = TorrentMetainfo.Parse(await TorrentCreator.CreateAsync(seedDir.Combine("share"), new TorrentCreateOptions { PieceLength = 16384, Private = isPrivate }));

        var lsd = new LsdSettings { Port = FreePort.TcpAndUdp(), Interface = IPAddress.Loopback, TimeToLive = 0 };
        var settings = TestEngines.LoopbackSettings() with { Lsd = lsd };
        var seedContext = new TestPluginContext();
        var leechContext = new TestPluginContext();
        await using var seeder = await TestEngines.StartAsync(seedContext, settings);
        await using var leecher = await TestEngines.StartAsync(leechContext, settings);
        Assert.NotNull(seeder.Lsd);
        Assert.NotNull(leecher.Lsd);
        await (await seeder.AddAsync(metainfo, new TorrentOptions(seedDir.Path))).WaitForStartAsync();
        var leech = await leecher.AddAsync(metainfo, new TorrentOptions(leechDir.Path));
        string Logs() => leechContext.TestLogger.Dump() + seedContext.TestLogger.Dump();

        if (isPrivate)
        {
            // The public case meets within a second here; give the private one well over that.
            await Task.Delay(TimeSpan.FromSeconds(4));
            Assert.Empty(leechContext.EventLog.OfType<PeerConnected>());
            Assert.Empty(seedContext.EventLog.OfType<PeerConnected>());
            Assert.Equal(0, leech.GetStatus().VerifiedBytes);
        }
        else
        {
            await Wait.UntilAsync(() => leech.State == TransferState.Seeding, TimeSpan.FromSeconds(30), Logs);
            Assert.Equal(File.ReadAllBytes(seedDir.Combine("share", "file.bin")), File.ReadAllBytes(leechDir.Combine("share", "file.bin")));
            Assert.Contains(seedContext.TestLogger.Lines.Concat(leechContext.TestLogger.Lines), l => l.Contains("LSD: 127.0.0.1:", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_bare_magnet_gets_metadata_and_data_from_a_seed_heard_on_lsd()
    {
        using var seedDir = new TempDirectory();
        using var leechDir = new TempDirectory();
        seedDir.WriteFile("share/file.bin", TestData.Bytes(150_000, 74));
        var metainfo = TorrentMetainfo.Parse(await TorrentCreator.CreateAsync(seedDir.Combine("share"), new TorrentCreateOptions { PieceLength = 16384 }));

        var settings = TestEngines.LoopbackSettings() with { Lsd = new LsdSettings { Port = FreePort.TcpAndUdp(), Interface = IPAddress.Loopback, TimeToLive = 0 } };
        var seedContext = new TestPluginContext();
        var leechContext = new TestPluginContext();
        await using var seeder = await TestEngines.StartAsync(seedContext, settings);
        await using var leecher = await TestEngines.StartAsync(leechContext, settings);
        await (await seeder.AddAsync(metainfo, new TorrentOptions(seedDir.Path))).WaitForStartAsync();

        // The link names no tracker and no peer; the seed announced before the leecher listened, so it is the seed
        // that hears the magnet's announce and dials in, and the metadata comes over that incoming connection.
        var transfer = leecher.AddMagnet(new MagnetLink(metainfo.InfoHash), new TorrentOptions(leechDir.Path));
        await Wait.UntilAsync(() => transfer.Torrent?.State == TransferState.Seeding, TimeSpan.FromSeconds(45), () => leechContext.TestLogger.Dump() + seedContext.TestLogger.Dump());
        Assert.Equal(File.ReadAllBytes(seedDir.Combine("share", "file.bin")), File.ReadAllBytes(leechDir.Combine("share", "file.bin")));
    }
}
