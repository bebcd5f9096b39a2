using System.Security.Cryptography;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.Storage;
using ModularTorrent.BitTorrent.WebSeeds;

namespace ModularTorrent.BitTorrent.Tests.WebSeeds;

public sealed class WebSeedPeerTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_web_seed_fills_a_multi_file_torrent_on_disk_and_leaves_the_pieces_peers_are_fetching_alone()
    {
        await using var bed = await WebSeedTestBed.CreateAsync();
        var scheduler = new WebSeedScheduler(bed.Multi.PieceCount, TimeProvider.System);
        using var host = new StorageWebSeedHost(bed.Multi, bed.Temp.Combine("download"), scheduler);
        host.PeersFetch(2, 5);
        var seed = new WebSeedPeer(bed.Client("good", bed.Multi), scheduler, TimeProvider.System);
        using var stop = new CancellationTokenSource(Bound);
        var run = seed.RunAsync(host, stop.Token);

        await Poll.UntilAsync(() => host.Stored.Count == bed.Multi.PieceCount - 2, Bound, () => $"{host.Stored.Count} stored");
        Assert.DoesNotContain(host.Stored, s => s.Piece is 2 or 5);

        // The peers' pieces arrive through the peer path; the torrent then completes.
        foreach (var piece in new[] { 2, 5 })
        {
            host.PeerFinished(piece, ReadPieceFromSource(bed, bed.Multi, piece));
        }

        await host.Completed.WaitAsync(Bound);
        await stop.CancelAsync();
        await run.WaitAsync(Bound);
        Assert.Equal(bed.Multi.PieceCount - 2, scheduler.GetVerifiedCount(seed.Url));
        Assert.Equal(bed.Multi.TotalLength - bed.Multi.GetPieceLength(2) - bed.Multi.GetPieceLength(5), host.ThrottledBytes);
        AssertFilesEqualSource(bed, bed.Multi, host.Storage);
        Assert.Empty(host.Released);
    }

    [Fact]
    public async Task A_web_seed_serving_wrong_bytes_is_dropped_after_two_bad_pieces_while_a_good_one_completes_the_torrent()
    {
        await using var bed = await WebSeedTestBed.CreateAsync();
        var scheduler = new WebSeedScheduler(bed.Single.PieceCount, TimeProvider.System);
        using var host = new StorageWebSeedHost(bed.Single, bed.Temp.Combine("download"), scheduler);
        var bad = new WebSeedPeer(bed.Client("corrupt/", bed.Single), scheduler, TimeProvider.System);
        var good = new WebSeedPeer(bed.Client("good/", bed.Single), scheduler, TimeProvider.System);
        using var stop = new CancellationTokenSource(Bound);
        var badRun = bad.RunAsync(host, stop.Token);

        // The bad seed alone: it ends on its own once dropped, having stored nothing.
        await badRun.WaitAsync(Bound);
        Assert.Contains("2 pieces that failed their hash check", host.Dropped[bad.Url], StringComparison.Ordinal);
        Assert.Equal(2, host.Released.Count(r => r.Result.Outcome == WebSeedOutcome.HashFailed));
        Assert.Empty(host.Stored);
        Assert.Equal(WebSeedVerdict.Dropped, host.Released.Last().Result.Verdict);

        var goodRun = good.RunAsync(host, stop.Token);
        await host.Completed.WaitAsync(Bound);
        await stop.CancelAsync();
        await goodRun.WaitAsync(Bound);
        Assert.All(host.Stored, s => Assert.Equal(good.Url, s.Seed));
        Assert.Equal(-1, host.ReservePiece(bad));
        AssertFilesEqualSource(bed, bed.Single, host.Storage);
    }

    [Fact]
    public async Task Good_and_bad_seeds_running_together_complete_the_torrent_and_the_bad_one_is_dropped()
    {
        await using var bed = await WebSeedTestBed.CreateAsync();
        var scheduler = new WebSeedScheduler(bed.Multi.PieceCount, TimeProvider.System);
        using var host = new StorageWebSeedHost(bed.Multi, bed.Temp.Combine("download"), scheduler);
        var bad = new WebSeedPeer(bed.Client("corrupt/", bed.Multi), scheduler, TimeProvider.System);
        var good = new WebSeedPeer(bed.Client("redirect/", bed.Multi), scheduler, TimeProvider.System);
        using var stop = new CancellationTokenSource(Bound);
        var runs = new[] { bad.RunAsync(host, stop.Token), good.RunAsync(host, stop.Token) };
        await host.Completed.WaitAsync(Bound);
        await stop.CancelAsync();
        await Task.WhenAll(runs).WaitAsync(Bound);
        Assert.True(scheduler.IsDropped(bad.Url));
        Assert.False(scheduler.IsDropped(good.Url));
        Assert.Equal(2, scheduler.GetHashFailures(bad.Url));
        AssertFilesEqualSource(bed, bed.Multi, host.Storage);
    }

    [Fact]
    public async Task A_missing_file_keeps_the_seed_off_that_files_pieces_but_not_off_the_rest()
    {
        await using var bed = await WebSeedTestBed.CreateAsync();
        File.Delete(Path.Combine(bed.Www, WebSeedTestBed.MultiName, "z.bin"));
        var scheduler = new WebSeedScheduler(bed.Multi.PieceCount, TimeProvider.System);
        var seed = new WebSeedPeer(bed.Client("good", bed.Multi), scheduler, TimeProvider.System);
        var map = new FileMap(bed.Multi.Files);
        var (first, last) = map.PiecesOfFile(5, bed.Multi.PieceLength);
        var buffer = new byte[bed.Multi.PieceLength];
        using var host = new StorageWebSeedHost(bed.Multi, bed.Temp.Combine("download"), scheduler);
        host.Availability[last] = -1; // Make the last piece the first pick.
        var piece = host.ReservePiece(seed);
        Assert.Equal(last, piece);
        var result = await seed.TryFetchAsync(piece, buffer, CancellationToken.None);
        Assert.Equal(WebSeedOutcome.Failed, result.Outcome);
        Assert.Equal(WebSeedErrorKind.NotFound, result.Error!.Kind);
        Assert.Equal(WebSeedVerdict.Continue, result.Verdict);
        host.ReleasePiece(seed, result);

        var picked = new List<int>();
        while (host.ReservePiece(seed) is var next and >= 0)
        {
            picked.Add(next);
        }

        Assert.Equal(Enumerable.Range(0, first).ToList(), picked.Order().ToList());
    }

    [Fact]
    public async Task A_busy_seed_backs_off_for_the_servers_retry_after()
    {
        await using var bed = await WebSeedTestBed.CreateAsync();
        var scheduler = new WebSeedScheduler(bed.Single.PieceCount, TimeProvider.System);
        var seed = new WebSeedPeer(bed.Client("busy/", bed.Single), scheduler, TimeProvider.System);
        using var host = new StorageWebSeedHost(bed.Single, bed.Temp.Combine("download"), scheduler);
        var result = await seed.TryFetchAsync(host.ReservePiece(seed), new byte[bed.Single.PieceLength], CancellationToken.None);
        Assert.Equal(WebSeedOutcome.Failed, result.Outcome);
        Assert.Equal(WebSeedErrorKind.Refused, result.Error!.Kind);
        Assert.Equal(WebSeedVerdict.BackingOff, result.Verdict);
        Assert.InRange(scheduler.GetDelay(seed.Url), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3));
        Assert.Equal(-1, host.ReservePiece(seed));
    }

    [Fact]
    public async Task Cancelling_a_run_releases_the_piece_in_flight()
    {
        await using var bed = await WebSeedTestBed.CreateAsync();
        var scheduler = new WebSeedScheduler(bed.Single.PieceCount, TimeProvider.System);
        var seed = new WebSeedPeer(bed.Client("slow/", bed.Single), scheduler, TimeProvider.System);
        using var host = new StorageWebSeedHost(bed.Single, bed.Temp.Combine("download"), scheduler);
        using var stop = new CancellationTokenSource();
        var run = seed.RunAsync(host, stop.Token);
        await Poll.UntilAsync(() => host.InProgress.SetCount == 1, Bound);
        await stop.CancelAsync();
        await run.WaitAsync(Bound);
        var released = Assert.Single(host.Released);
        Assert.Equal(WebSeedOutcome.Cancelled, released.Result.Outcome);
        Assert.Equal(0, host.InProgress.SetCount);
        Assert.False(scheduler.IsClaimed(released.Result.Piece));
    }

    private static byte[] ReadPieceFromSource(WebSeedTestBed bed, TorrentMetainfo metainfo, int piece)
    {
        var data = new byte[metainfo.GetPieceLength(piece)];
        foreach (var slice in new FileMap(metainfo.Files).Map((long)piece * metainfo.PieceLength, data.Length))
        {
            bed.ReadSource(metainfo, slice.FileIndex).AsSpan((int)slice.FileOffset, slice.Length).CopyTo(data.AsSpan(slice.BufferOffset));
        }

        Assert.True(SHA1.HashData(data).AsSpan().SequenceEqual(metainfo.GetPieceHash(piece)));
        return data;
    }

    private static void AssertFilesEqualSource(WebSeedTestBed bed, TorrentMetainfo metainfo, TorrentStorage storage)
    {
        storage.CloseHandles();
        for (var i = 0; i < metainfo.Files.Count; i++)
        {
            if (metainfo.Files[i].Length == 0)
            {
                continue;
            }

            Assert.True(bed.ReadSource(metainfo, i).AsSpan().SequenceEqual(File.ReadAllBytes(storage.FilePaths[i])), $"file {metainfo.Files[i].Path} differs");
        }
    }
}
