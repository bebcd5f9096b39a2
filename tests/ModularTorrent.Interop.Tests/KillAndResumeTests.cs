using System.Net;
using ModularTorrent.BitTorrent.Engine;
using ModularTorrent.BitTorrent.Pieces;
using ModularTorrent.BitTorrent.Tests.Support;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.Interop.Tests;

/// <summary>
/// Case 4: our engine dies mid-download (disposed without a clean stop, after resume data was saved
/// periodically) and a new engine resumes: the files changed after the last save, so it rechecks, and
/// it never requests a piece the saved resume data listed as verified.
/// </summary>
public sealed class KillAndResumeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Abrupt_stop_then_restart_does_not_request_verified_pieces_again()
    {
        LibtorrentProcess.RequireLibtorrent();
        using var seedDir = new TempFolder("mt-bt");
        using var ourDir = new TempFolder("mt-bt");
        var (metainfo, torrentPath) = await InteropData.WriteShareLibtorrentTorrentAsync(seedDir, 16 * 1024, scale: 4);
        var seedPort = FreePort.TcpAndUdp();
        using var seeder = LibtorrentProcess.Seed(torrentPath, seedDir.Path, seedPort, uploadLimit: 300_000);
        await seeder.WaitUntilAsync(s => s.Seeding, Timeout, "seeding");

        var resume = new InMemoryResumeStore();
        var options = new TorrentOptions(ourDir.Path) { Peers = [new IPEndPoint(IPAddress.Loopback, seedPort)] };
        var context1 = new TestPluginContext(resume: resume);
        var engine1 = await TestEngines.StartAsync(context1);
        var torrent1 = await engine1.AddAsync(metainfo, options);

        // Wait for a periodic save that holds a good part of the torrent, then "kill" the engine.
        ResumeData? saved = null;
        await Poll.UntilAsync(
            () => (saved = resume.LoadAsync(torrent1.Id).Result) is not null && Count(saved.VerifiedPieces, metainfo.PieceCount) >= metainfo.PieceCount / 4,
            Timeout,
            context1.TestLogger.Dump);
        Assert.Equal(TransferState.Downloading, torrent1.State);
        await engine1.DisposeAsync();
        var verifiedBeforeKill = (await resume.LoadAsync(torrent1.Id))!.VerifiedPieces;
        var verifiedCount = Count(verifiedBeforeKill, metainfo.PieceCount);
        Assert.InRange(verifiedCount, metainfo.PieceCount / 4, metainfo.PieceCount - 1);

        var context2 = new TestPluginContext(resume: resume);
        await using var engine2 = await TestEngines.StartAsync(context2);
        var torrent2 = await engine2.AddAsync(metainfo, options);
        await Poll.UntilAsync(() => torrent2.State == TransferState.Seeding, Timeout, context2.TestLogger.Dump);

        InteropData.AssertSameFiles(seedDir.Combine("share"), ourDir.Combine("share"));
        var requested = torrent2.GetEverRequestedPieces();
        for (var i = 0; i < metainfo.PieceCount; i++)
        {
            if (IsSet(verifiedBeforeKill, i))
            {
                Assert.False(IsSet(requested, i), $"piece {i} was verified before the kill but requested again");
            }
        }

        // Something was still missing, so the second run did download.
        Assert.Contains(Enumerable.Range(0, metainfo.PieceCount), i => IsSet(requested, i));
    }

    private static bool IsSet(byte[] bits, int index) => (bits[index >> 3] & (0x80 >> (index & 7))) != 0;

    private static int Count(byte[] bits, int count) => new Sdk.Pieces.ReadOnlyBitfield(bits, count).PopCount();
}
