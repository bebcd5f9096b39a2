using System.Security.Cryptography;
using ModularTorrent.BitTorrent.Engine;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.Tests.Support;
using ModularTorrent.Sdk.Events;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.BitTorrent.Tests.Torrents;

/// <summary>Two instances of our engine on 127.0.0.1 with real files.</summary>
public sealed class EngineTransferTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Multi_file_torrent_crossing_file_boundaries_transfers_between_two_engines()
    {
        using var seedDir = new TempFolder("mt-bt");
        using var leechDir = new TempFolder("mt-bt");
        seedDir.WriteFile("share/a.bin", TestData.Bytes(100_000, 1));
        seedDir.WriteFile("share/sub/b.bin", TestData.Bytes(250_001, 2));
        seedDir.WriteFile("share/c.txt", TestData.Bytes(7, 3));
        seedDir.WriteFile("share/empty.dat", []);
        var bytes = await TorrentCreator.CreateAsync(seedDir.Combine("share"), new TorrentCreateOptions { PieceLength = 32 * 1024 });
        var metainfo = TorrentMetainfo.Parse(bytes);

        await using var engines = await EnginePair.StartAsync();
        var (seedContext, leechContext) = (engines.SeedContext, engines.LeechContext);
        var seed = await engines.Seeder.AddAsync(metainfo, new TorrentOptions(seedDir.Path));
        await seed.WaitForStartAsync();
        Assert.Equal(TransferState.Seeding, seed.State);

        var leech = await engines.Leecher.AddAsync(metainfo, new TorrentOptions(leechDir.Path) { Peers = [TestEngines.EndPoint(engines.Seeder)] });
        await Poll.UntilAsync(() => leech.State == TransferState.Seeding, Timeout, engines.Logs);

        foreach (var file in new[] { "a.bin", "sub/b.bin", "c.txt", "empty.dat" })
        {
            Assert.Equal(
                SHA1.HashData(File.ReadAllBytes(seedDir.Combine(["share", .. file.Split('/')]))),
                SHA1.HashData(File.ReadAllBytes(leechDir.Combine(["share", .. file.Split('/')]))));
        }

        var status = leech.GetStatus();
        Assert.Equal(1.0, status.Progress);
        Assert.Equal(metainfo.TotalLength, status.VerifiedBytes);
        Assert.Equal(metainfo.PieceCount, leechContext.EventLog.OfType<PieceVerified>().Count);
        Assert.Single(leechContext.EventLog.OfType<TransferCompleted>());
        Assert.Contains(leechContext.EventLog.OfType<PeerConnected>(), e => !e.Incoming);
        Assert.Contains(seedContext.EventLog.OfType<PeerConnected>(), e => e.Incoming);
        Assert.Contains(leechContext.EventLog.OfType<TransferStateChanged>(), e => e.Current == TransferState.Downloading);
    }

    [Fact]
    public async Task Two_engines_that_dial_each_other_at_once_agree_on_one_connection()
    {
        using var seedDir = new TempFolder("mt-bt");
        using var leechDir = new TempFolder("mt-bt");
        var metainfo = await TestShares.OneFileAsync(seedDir, 400_000, 62);
        await using var engines = await EnginePair.StartAsync();
        var (seeder, leecher) = (engines.Seeder, engines.Leecher);

        // Each is told of the other and both start together, so both dial: if each side kept a different one of the
        // two connections, both would close and the pair would retry in lockstep.
        for (var round = 0; round < 3; round++)
        {
            using var dir = new TempFolder("mt-bt");
            var seedTask = seeder.AddAsync(metainfo, new TorrentOptions(seedDir.Path) { Peers = [TestEngines.EndPoint(leecher)] });
            var leechTask = leecher.AddAsync(metainfo, new TorrentOptions(dir.Path) { Peers = [TestEngines.EndPoint(seeder)] });
            var (seed, leech) = (await seedTask, await leechTask);
            await Poll.UntilAsync(() => leech.State == TransferState.Seeding, TimeSpan.FromSeconds(8), engines.Logs);
            await leech.StopAsync(deleteData: false);
            await seed.StopAsync(deleteData: false);
        }

        Assert.Contains(engines.SeedContext.TestLogger.Lines.Concat(engines.LeechContext.TestLogger.Lines), l => l.Contains("already connected to this peer id", StringComparison.Ordinal) || l.Contains("the other connection is kept", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Peer_exchange_introduces_a_leecher_to_the_seed_it_did_not_know()
    {
        using var seedDir = new TempFolder("mt-bt");
        using var bDir = new TempFolder("mt-bt");
        using var cDir = new TempFolder("mt-bt");
        var metainfo = await TestShares.OneFileAsync(seedDir, 200_000, 61);

        // B is throttled hard, so it is still downloading (and connected to A) while C is served.
        await using var trio = await PexTrio.StartAsync(metainfo, seedDir.Path, bDir.Path, cDir.Path, bLimits: new RateLimits(16_384, 0));

        // C only knew B; B's PEX messages tell C about A (and A about C), so C completes from A while B cannot have it all yet.
        await Poll.UntilAsync(() => trio.CTorrent.State == TransferState.Seeding, Timeout, trio.CContext.TestLogger.Dump);
        Assert.True(trio.BTorrent.GetStatus().Progress < 1.0, "B finished first, so C may have had everything from B");
        TestShares.AssertSameFile(seedDir, cDir);
    }
}
