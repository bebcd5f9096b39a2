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
        using var seedDir = new TempFolder("mt-bt");
        using var leechDir = new TempFolder("mt-bt");
        var metainfo = await TestShares.OneFileAsync(seedDir, 150_000, 73, isPrivate: isPrivate);

        var settings = LsdSettingsOnLoopback();
        await using var engines = await EnginePair.StartAsync(settings, settings);
        var (seedContext, leechContext) = (engines.SeedContext, engines.LeechContext);
        Assert.NotNull(engines.Seeder.Lsd);
        Assert.NotNull(engines.Leecher.Lsd);
        await (await engines.Seeder.AddAsync(metainfo, new TorrentOptions(seedDir.Path))).WaitForStartAsync();
        var leech = await engines.Leecher.AddAsync(metainfo, new TorrentOptions(leechDir.Path));

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
            await Poll.UntilAsync(() => leech.State == TransferState.Seeding, TimeSpan.FromSeconds(30), engines.Logs);
            TestShares.AssertSameFile(seedDir, leechDir);
            Assert.Contains(seedContext.TestLogger.Lines.Concat(leechContext.TestLogger.Lines), l => l.Contains("LSD: 127.0.0.1:", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_bare_magnet_gets_metadata_and_data_from_a_seed_heard_on_lsd()
    {
        using var seedDir = new TempFolder("mt-bt");
        using var leechDir = new TempFolder("mt-bt");
        var metainfo = await TestShares.OneFileAsync(seedDir, 150_000, 74);

        var settings = LsdSettingsOnLoopback();
        await using var engines = await EnginePair.StartAsync(settings, settings);
        await (await engines.Seeder.AddAsync(metainfo, new TorrentOptions(seedDir.Path))).WaitForStartAsync();

        // The link names no tracker and no peer; the seed announced before the leecher listened, so it is the seed
        // that hears the magnet's announce and dials in, and the metadata comes over that incoming connection.
        var transfer = engines.Leecher.AddMagnet(new MagnetLink(metainfo.InfoHash), new TorrentOptions(leechDir.Path));
        await Poll.UntilAsync(() => transfer.Torrent?.State == TransferState.Seeding, TimeSpan.FromSeconds(45), engines.Logs);
        TestShares.AssertSameFile(seedDir, leechDir);
    }

    /// <summary>LSD on the loopback interface, TTL 0, on a free port rather than 6771: the multicast stays on this host and in this test.</summary>
    internal static EngineSettings LsdSettingsOnLoopback(long uploadLimit = 0) =>
        TestEngines.LoopbackSettings(uploadLimit) with { Lsd = new LsdSettings { Port = FreePort.TcpAndUdp(), Interface = IPAddress.Loopback, TimeToLive = 0 } };
}
