using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using ModularTorrent.BitTorrent.Bencoding;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.WebSeeds;

namespace ModularTorrent.BitTorrent.Tests.WebSeeds;

public sealed class WebSeedClientTests
{
    [Theory]
    [InlineData("good/" + WebSeedTestBed.SingleName)]
    [InlineData("good/")]
    [InlineData("redirect/")]
    [InlineData("moved/")]
    public async Task Every_piece_of_a_single_file_torrent_arrives_and_matches_its_hash(string seed)
    {
        await using var bed = await WebSeedTestBed.CreateAsync();
        await AssertAllPiecesVerifyAsync(bed.Client(seed, bed.Single), bed.Single);
        Assert.All(bed.Server.Requests, r => Assert.StartsWith("bytes=", r.Range, StringComparison.Ordinal));
        Assert.All(bed.Server.UserAgents, ua => Assert.Equal("ModularTorrent/1.0", ua));
    }

    [Theory]
    [InlineData("good")]
    [InlineData("good/")]
    public async Task Every_piece_of_a_multi_file_torrent_with_spaces_and_unicode_arrives_across_file_boundaries(string seed)
    {
        await using var bed = await WebSeedTestBed.CreateAsync();
        await AssertAllPiecesVerifyAsync(bed.Client(seed, bed.Multi), bed.Multi);

        // One request per file slice: piece 0 is "a b.txt" (10 000), the odd name (3 000), the 5-byte file, then 3 379 bytes
        // of the unicode file; the empty file is never requested.
        var requests = bed.Server.Requests.ToList();
        Assert.Equal(("/good/Multi Folder ü/a b.txt", "bytes=0-9999"), (requests[0].Path, requests[0].Range));
        Assert.Equal(("/good/Multi Folder ü/odd #1 100% + (x)&y.bin", "bytes=0-2999"), (requests[1].Path, requests[1].Range));
        Assert.Equal(("/good/Multi Folder ü/sub dir/tiny", "bytes=0-4"), (requests[2].Path, requests[2].Range));
        Assert.Equal(("/good/Multi Folder ü/sub dir/ünïcödé файл.bin", "bytes=0-3378"), (requests[3].Path, requests[3].Range));
        Assert.Equal(("/good/Multi Folder ü/sub dir/ünïcödé файл.bin", "bytes=3379-19762"), (requests[4].Path, requests[4].Range));
        Assert.All(requests, r => Assert.Equal(206, r.Status));
        Assert.DoesNotContain(requests, r => r.Path.EndsWith("/empty", StringComparison.Ordinal));
        var expected = 0;
        for (var piece = 0; piece < bed.Multi.PieceCount; piece++)
        {
            expected += bed.Multi.Files.Count(f => f.Length > 0 && f.Offset < ((long)piece * WebSeedTestBed.PieceLength) + bed.Multi.GetPieceLength(piece) && f.End > (long)piece * WebSeedTestBed.PieceLength);
        }

        Assert.Equal(expected, requests.Count);
    }

    [Fact]
    public async Task Urls_use_the_real_names_from_the_torrent_not_the_names_sanitised_for_our_disk()
    {
        await using var bed = await WebSeedTestBed.CreateAsync();
        bed.Temp.WriteFile("www/raw names/colon:name?.bin", Support.TestData.Bytes(20_000, 40));
        bed.Temp.WriteFile("www/raw names/star*dir/quote\"d.bin", Support.TestData.Bytes(5_000, 41));
        var metainfo = TorrentMetainfo.Parse(await TorrentCreator.CreateAsync(bed.Temp.Combine("www", "raw names"), new TorrentCreateOptions { PieceLength = WebSeedTestBed.PieceLength }));
        Assert.Equal(["colon_name_.bin", "star_dir/quote_d.bin"], metainfo.Files.Select(f => f.Path));
        var client = bed.Client("good", metainfo);
        Assert.Equal("/good/raw%20names/colon%3Aname%3F.bin", client.GetFileUri(0).AbsolutePath);
        Assert.Equal("/good/raw%20names/star%2Adir/quote%22d.bin", client.GetFileUri(1).AbsolutePath);
        await AssertAllPiecesVerifyAsync(client, metainfo);
        Assert.Equal(["/good/raw names/colon:name?.bin", "/good/raw names/star*dir/quote\"d.bin"], bed.Server.Requests.Select(r => r.Path).Distinct());
    }

    [Fact]
    public async Task Padding_files_are_zero_filled_and_never_requested()
    {
        await using var bed = await WebSeedTestBed.CreateAsync();
        var a = Support.TestData.Bytes(10_000, 50);
        var b = Support.TestData.Bytes(20_000, 51);
        bed.Temp.WriteFile("www/padded/a.bin", a);
        bed.Temp.WriteFile("www/padded/b.bin", b);
        const int pad = WebSeedTestBed.PieceLength - 10_000;
        var stream = a.Concat(new byte[pad]).Concat(b).ToArray();
        var info = new BencodeWriter();
        info.WriteDictionaryStart();
        info.WriteString("files");
        info.WriteListStart();
        foreach (var (name, length, padding) in new[] { ("a.bin", 10_000, false), (".pad", pad, true), ("b.bin", 20_000, false) })
        {
            info.WriteDictionaryStart();
            if (padding)
            {
                info.WriteString("attr");
                info.WriteString("p");
            }

            info.WriteString("length");
            info.WriteInteger(length);
            info.WriteString("path");
            info.WriteListStart();
            if (padding)
            {
                info.WriteString(".pad");
            }

            info.WriteString(padding ? pad.ToString(System.Globalization.CultureInfo.InvariantCulture) : name);
            info.WriteEnd();
            info.WriteEnd();
        }

        info.WriteEnd();
        info.WriteString("name");
        info.WriteString("padded");
        info.WriteString("piece length");
        info.WriteInteger(WebSeedTestBed.PieceLength);
        info.WriteString("pieces");
        info.WriteString(stream.Chunk(WebSeedTestBed.PieceLength).SelectMany(SHA1.HashData).ToArray());
        info.WriteEnd();
        var metainfo = TorrentMetainfo.FromInfoDictionary(info.ToArray());
        Assert.True(metainfo.Files[1].IsPadding);
        await AssertAllPiecesVerifyAsync(bed.Client("good", metainfo), metainfo);
        Assert.DoesNotContain(bed.Server.Requests, r => r.Path.Contains(".pad", StringComparison.Ordinal));
        Assert.Equal(["/good/padded/a.bin", "/good/padded/b.bin"], bed.Server.Requests.Select(r => r.Path).Distinct());
    }

    [Fact]
    public async Task A_server_that_ignores_range_sends_the_whole_file_and_the_slice_is_cut_out()
    {
        await using var bed = await WebSeedTestBed.CreateAsync();
        await AssertAllPiecesVerifyAsync(bed.Client("norange", bed.Multi), bed.Multi);
        Assert.All(bed.Server.Requests, r => Assert.Equal(200, r.Status));
    }

    [Fact]
    public async Task A_whole_file_answer_beyond_the_limit_is_too_large()
    {
        await using var bed = await WebSeedTestBed.CreateAsync();
        var client = bed.Client("norange/", bed.Single, new WebSeedClientOptions { MaxWholeFileBytes = 40_000 });
        var buffer = new byte[WebSeedTestBed.PieceLength];
        await client.FetchPieceAsync(1, buffer, CancellationToken.None);
        var error = await Assert.ThrowsAsync<WebSeedException>(() => client.FetchPieceAsync(3, buffer, CancellationToken.None));
        Assert.Equal(WebSeedErrorKind.TooLarge, error.Kind);
        Assert.Equal(0, error.FileIndex);
    }

    [Fact]
    public async Task A_missing_file_is_not_found_and_names_the_file()
    {
        await using var bed = await WebSeedTestBed.CreateAsync();
        File.Delete(Path.Combine(bed.Www, WebSeedTestBed.MultiName, "z.bin"));
        var client = bed.Client("good", bed.Multi);
        var buffer = new byte[WebSeedTestBed.PieceLength];
        await client.FetchPieceAsync(0, buffer, CancellationToken.None);
        var error = await Assert.ThrowsAsync<WebSeedException>(() => client.FetchPieceAsync(bed.Multi.PieceCount - 1, buffer, CancellationToken.None));
        Assert.Equal(WebSeedErrorKind.NotFound, error.Kind);
        Assert.Equal(HttpStatusCode.NotFound, error.Status);
        Assert.Equal(5, error.FileIndex);
        Assert.Contains("z.bin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shorter_file_on_the_server_gives_bad_range_past_its_end_and_wrong_length_across_it()
    {
        await using var bed = await WebSeedTestBed.CreateAsync();
        var path = Path.Combine(bed.Www, WebSeedTestBed.SingleName);
        var content = await File.ReadAllBytesAsync(path);
        await File.WriteAllBytesAsync(path, content.AsSpan(0, 40_000).ToArray());
        var client = bed.Client("good/", bed.Single);
        var buffer = new byte[WebSeedTestBed.PieceLength];
        var pastEnd = await Assert.ThrowsAsync<WebSeedException>(() => client.FetchPieceAsync(4, buffer, CancellationToken.None));
        Assert.Equal(WebSeedErrorKind.BadRange, pastEnd.Kind);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, pastEnd.Status);
        var across = await Assert.ThrowsAsync<WebSeedException>(() => client.FetchPieceAsync(2, buffer, CancellationToken.None));
        Assert.Equal(WebSeedErrorKind.WrongLength, across.Kind);
        Assert.Contains("40000", across.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_bytes_than_the_range_is_too_large()
    {
        await using var bed = await WebSeedTestBed.CreateAsync();
        var error = await Assert.ThrowsAsync<WebSeedException>(() => bed.Client("chunky/", bed.Single).FetchPieceAsync(0, new byte[WebSeedTestBed.PieceLength], CancellationToken.None));
        Assert.Equal(WebSeedErrorKind.TooLarge, error.Kind);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_times_out()
    {
        await using var bed = await WebSeedTestBed.CreateAsync();
        var client = bed.Client("slow/", bed.Single, new WebSeedClientOptions { Timeout = TimeSpan.FromMilliseconds(500) });
        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<WebSeedException>(() => client.FetchPieceAsync(0, new byte[WebSeedTestBed.PieceLength], CancellationToken.None));
        Assert.Equal(WebSeedErrorKind.Timeout, error.Kind);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_body_that_stalls_half_way_times_out()
    {
        await using var bed = await WebSeedTestBed.CreateAsync();
        var client = bed.Client("stall/", bed.Single, new WebSeedClientOptions { Timeout = TimeSpan.FromMilliseconds(500) });
        var error = await Assert.ThrowsAsync<WebSeedException>(() => client.FetchPieceAsync(0, new byte[WebSeedTestBed.PieceLength], CancellationToken.None));
        Assert.Equal(WebSeedErrorKind.Timeout, error.Kind);
    }

    [Fact]
    public async Task The_callers_cancellation_stays_a_cancellation()
    {
        await using var bed = await WebSeedTestBed.CreateAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => bed.Client("slow/", bed.Single).FetchPieceAsync(0, new byte[WebSeedTestBed.PieceLength], cts.Token));
    }

    [Fact]
    public async Task Busy_503_is_refused_with_the_servers_retry_after()
    {
        await using var bed = await WebSeedTestBed.CreateAsync();
        var error = await Assert.ThrowsAsync<WebSeedException>(() => bed.Client("busy/", bed.Single).FetchPieceAsync(0, new byte[WebSeedTestBed.PieceLength], CancellationToken.None));
        Assert.Equal(WebSeedErrorKind.Refused, error.Kind);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.Status);
        Assert.Equal(TimeSpan.FromSeconds(3), error.RetryAfter);
    }

    [Fact]
    public async Task A_permanent_redirect_is_remembered_per_file_and_a_temporary_one_is_not()
    {
        await using var bed = await WebSeedTestBed.CreateAsync();
        var buffer = new byte[WebSeedTestBed.PieceLength];
        var moved = bed.Client("moved/", bed.Single);
        for (var piece = 0; piece < 3; piece++)
        {
            await moved.FetchPieceAsync(piece, buffer, CancellationToken.None);
        }

        Assert.Equal([301, 206, 206, 206], bed.Server.Requests.Select(r => r.Status));
        bed.Server.Requests.Clear();
        var redirected = bed.Client("redirect/", bed.Single);
        for (var piece = 0; piece < 3; piece++)
        {
            await redirected.FetchPieceAsync(piece, buffer, CancellationToken.None);
        }

        Assert.Equal([302, 206, 302, 206, 302, 206], bed.Server.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task A_redirect_loop_stops_at_the_limit()
    {
        await using var bed = await WebSeedTestBed.CreateAsync();
        var client = bed.Client("loop/", bed.Single, new WebSeedClientOptions { MaxRedirects = 3 });
        var error = await Assert.ThrowsAsync<WebSeedException>(() => client.FetchPieceAsync(0, new byte[WebSeedTestBed.PieceLength], CancellationToken.None));
        Assert.Equal(WebSeedErrorKind.TooManyRedirects, error.Kind);
        Assert.Equal(4, bed.Server.Requests.Count);
    }

    [Fact]
    public async Task A_closed_port_is_refused()
    {
        await using var bed = await WebSeedTestBed.CreateAsync();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var client = new WebSeedClient(new Uri($"http://127.0.0.1:{port}/x/"), bed.Single, bed.Http, TimeProvider.System);
        var error = await Assert.ThrowsAsync<WebSeedException>(() => client.FetchPieceAsync(0, new byte[WebSeedTestBed.PieceLength], CancellationToken.None));
        Assert.Equal(WebSeedErrorKind.Refused, error.Kind);
        Assert.Null(error.Status);
    }

    [Fact]
    public async Task Bad_arguments_are_rejected_before_any_request()
    {
        await using var bed = await WebSeedTestBed.CreateAsync();
        var client = bed.Client("good/", bed.Single);
        await Assert.ThrowsAsync<ArgumentException>(() => client.FetchPieceAsync(0, new byte[100], CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.FetchPieceAsync(bed.Single.PieceCount, new byte[WebSeedTestBed.PieceLength], CancellationToken.None));
        Assert.Empty(bed.Server.Requests);
    }

    private static async Task AssertAllPiecesVerifyAsync(WebSeedClient client, TorrentMetainfo metainfo)
    {
        var buffer = new byte[metainfo.PieceLength];
        for (var piece = 0; piece < metainfo.PieceCount; piece++)
        {
            Array.Clear(buffer);
            await client.FetchPieceAsync(piece, buffer, CancellationToken.None);
            Assert.True(
                SHA1.HashData(buffer.AsSpan(0, metainfo.GetPieceLength(piece))).AsSpan().SequenceEqual(metainfo.GetPieceHash(piece)),
                $"piece {piece} does not match its hash");
        }
    }
}
