using System.Text.RegularExpressions;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.Cli;

namespace ModularTorrent.Cli.Tests;

/// <summary><c>mt create</c>, <c>seed</c> and <c>get</c> in process, with real engines on 127.0.0.1 and real files.</summary>
public sealed partial class CommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [GeneratedRegex(@"on port (\d+)\.")]
    private static partial Regex PortLine();

    private async Task<string> CreateTorrentAsync(string data)
    {
        var torrent = _folder.Combine("share.torrent");
        var (code, run) = await CliRun.RunAsync("create", data, "-o", torrent);
        Assert.True(code == ExitCodes.Success, run.Error);
        return torrent;
    }

    /// <summary>Starts <c>mt seed</c> in the background and waits (bounded) for its port.</summary>
    private static async Task<(Task<int> Seeding, CliRun Run, int Port)> StartSeedAsync(string torrent, string dir, CancellationToken stop)
    {
        var run = new CliRun();
        var seeding = run.RunAsync(stop, "seed", torrent, dir, "--port", "0", "--max-time", "90");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !seeding.IsCompleted)
        {
            var match = PortLine().Match(run.Out);
            if (match.Success)
            {
                return (seeding, run, int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            }

            await Task.Delay(50, CancellationToken.None);
        }

        throw new InvalidOperationException($"mt seed did not start: {run.Out}\n{run.Error}");
    }

    [Fact]
    public async Task Create_writes_a_torrent_of_the_data()
    {
        var data = _folder.WriteRandomFile("share/movie.bin", 300_000);

        var torrent = await CreateTorrentAsync(data);

        var metainfo = TorrentMetainfo.Parse(await File.ReadAllBytesAsync(torrent));
        Assert.Equal("movie.bin", metainfo.Name);
        Assert.Equal(300_000, metainfo.TotalLength);
    }

    [Fact]
    public async Task Get_downloads_from_a_seeding_mt_and_exits_0_once_every_piece_is_verified()
    {
        var data = _folder.WriteRandomFile("share/movie.bin", 3_000_000);
        var torrent = await CreateTorrentAsync(data);
        using var stopSeed = new CancellationTokenSource();
        var (seeding, seedRun, port) = await StartSeedAsync(torrent, _folder.Combine("share"), stopSeed.Token);

        var (code, get) = await CliRun.RunAsync("get", torrent, "-o", _folder.Combine("out"), "--peer", $"127.0.0.1:{port}", "--max-time", "60");
        await stopSeed.CancelAsync();
        var seedCode = await seeding.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(code == ExitCodes.Success, get.Out + get.Error);
        Assert.Equal(await File.ReadAllBytesAsync(data), await File.ReadAllBytesAsync(_folder.Combine("out", "movie.bin")));
        var pieces = TorrentMetainfo.Parse(await File.ReadAllBytesAsync(torrent)).PieceCount;
        Assert.Contains($"Done: all {pieces} pieces of movie.bin verified", get.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, seedCode);
        Assert.Contains("Stopped seeding after", seedRun.Out, StringComparison.Ordinal);
        Assert.Matches(@"uploaded [1-9][\d.]* MiB", seedRun.Out);
    }

    [Fact]
    public async Task Get_resumes_into_a_folder_that_already_holds_the_data()
    {
        var data = _folder.WriteRandomFile("share/movie.bin", 200_000);
        var torrent = await CreateTorrentAsync(data);

        // The data is already where get would put it: the check finds every piece and no peer is needed.
        var (code, run) = await CliRun.RunAsync("get", torrent, "-o", _folder.Combine("share"), "--max-time", "30");

        Assert.True(code == ExitCodes.Success, run.Out + run.Error);
    }

    [Fact]
    public async Task Get_without_peers_times_out_with_exit_3_and_says_how_far_it_got()
    {
        var torrent = await CreateTorrentAsync(_folder.WriteRandomFile("share/movie.bin", 100_000));

        var (code, run) = await CliRun.RunAsync("get", torrent, "-o", _folder.Combine("out"), "--max-time", "1s");

        Assert.Equal(ExitCodes.TimedOut, code);
        Assert.Contains("mt: timed out after 1 s with 0.0% verified, 0 peers connected", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_interrupted_exits_130()
    {
        var torrent = await CreateTorrentAsync(_folder.WriteRandomFile("share/movie.bin", 100_000));
        var run = new CliRun();
        using var interrupt = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        var code = await run.RunAsync(interrupt.Token, "get", torrent, "-o", _folder.Combine("out"));

        Assert.Equal(ExitCodes.Interrupted, code);
        Assert.Contains("interrupted", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seed_refuses_incomplete_data_with_exit_1()
    {
        var data = _folder.WriteRandomFile("share/movie.bin", 100_000);
        var torrent = await CreateTorrentAsync(data);
        Directory.CreateDirectory(_folder.Combine("empty"));

        var (code, run) = await CliRun.RunAsync("seed", torrent, _folder.Combine("empty"), "--port", "0", "--max-time", "10");

        Assert.Equal(ExitCodes.TransferFailed, code);
        Assert.Contains("holds 0.0% of movie.bin", run.Error, StringComparison.Ordinal);
        Assert.Contains("seeding needs the complete data", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seed_stops_at_max_time_with_exit_0()
    {
        var data = _folder.WriteRandomFile("share/movie.bin", 100_000);
        var torrent = await CreateTorrentAsync(data);

        var (code, run) = await CliRun.RunAsync("seed", torrent, _folder.Combine("share"), "--port", "0", "--max-time", "1");

        Assert.True(code == ExitCodes.Success, run.Error);
        Assert.Contains("Magnet: magnet:?xt=urn:btih:", run.Out, StringComparison.Ordinal);
        Assert.Contains("Stopped seeding after", run.Out, StringComparison.Ordinal);
    }

    public static TheoryData<string[], string> InvalidInputs => new()
    {
        { ["get", "missing.torrent", "-o", "x"], "'missing.torrent' does not exist." },
        { ["get", "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567", "-o", "x"], "The magnet link names no tracker (tr) and no peer (x.pe), and no --peer was given: there is nowhere to find peers. Pass --dht-bootstrap HOST:PORT" },
        { ["get", "magnet:?xt=urn:btih:0123", "-o", "x", "--dht"], "The magnet link is not valid: The btih info-hash is neither 40 hex nor 32 base32 characters." },
        { ["get", "magnet:?dn=movie&tr=udp%3A%2F%2F127.0.0.1%3A6969", "-o", "x"], "The magnet link is not valid: The magnet link has no 'xt=urn:btih:' info-hash." },
        { ["get", "magnet:xt=urn:btih:0123456789abcdef0123456789abcdef01234567", "-o", "x"], "The magnet link is not valid: A magnet link starts with 'magnet:?'." },
        { ["get", "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567&xl=big", "-o", "x"], "The magnet link is not valid: The magnet length 'xl=big' is not a non-negative integer." },
        { ["get", "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567&x.pe=127.0.0.1", "-o", "x"], "The magnet link's peer (x.pe) '127.0.0.1' is not HOST:PORT." },
        { ["get", "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567&tr=ftp%3A%2F%2Ft%2Fannounce", "-o", "x"], "The magnet link's tracker (tr) 'ftp://t/announce' is not an http, https or udp URL." },
        { ["get", "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567", "-o", "x", "--dht-bootstrap", "127.0.0.1"], "--dht-bootstrap '127.0.0.1' is not HOST:PORT." },
        { ["get", "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567", "-o", "x", "--dht-bootstrap", "127.0.0.1:0"], "--dht-bootstrap '127.0.0.1:0' has no valid port (1-65535)." },
        { ["get", "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567", "-o", "x", "--dht-bootstrap", "[::1]:6881"], "--dht-bootstrap '[::1]:6881' is not an IPv4 node; the DHT runs on IPv4 only (BEP 5)." },
        { ["get", "x.torrent", "-o", "x", "--dht-state", "/nonexistent-mt-folder/dht.dat"], "--dht-state '/nonexistent-mt-folder/dht.dat': the folder /nonexistent-mt-folder does not exist." },
        { ["get", "x.torrent", "-o", "x", "--encryption", "sometimes"], "--encryption 'sometimes' is not disabled, enabled or required." },
        { ["get", "x.torrent", "-o", "x", "--dht-state", "/tmp"], "--dht-state '/tmp' is a folder; give a file in it, e.g. /tmp/dht.dat." },
        { ["seed", "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567", "/tmp"], "A magnet link is not a .torrent: 'mt get' downloads from one, 'mt seed' needs the .torrent file or its URL." },
        { ["get", "x.torrent"], "Option '--output' is required." },
        { ["get", "x.torrent", "-o", "x", "--max-time", "soon"], "--max-time 'soon' is not a positive duration" },
        { ["get", "x.torrent", "-o", "x", "--port", "70000"], "--port must be between 0 and 65535." },
        { ["seed", "x.torrent", "/nonexistent-mt-folder"], "The data folder '/nonexistent-mt-folder' does not exist." },
        { ["create", "/nonexistent-mt-path", "-o", "x.torrent"], "Nothing to share at '/nonexistent-mt-path'." },
        { ["create", "/tmp", "-o", "x.torrent", "--tracker", "ftp://t/announce"], "--tracker 'ftp://t/announce' is not an http, https or udp URL." },
        { ["frobnicate"], "Unrecognized command or argument 'frobnicate'." },
    };

    [Theory]
    [MemberData(nameof(InvalidInputs))]
    public async Task Bad_input_exits_2_with_a_precise_message(string[] args, string message)
    {
        var (code, run) = await CliRun.RunAsync(args);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_fetches_a_magnet_from_the_peer_its_x_pe_names()
    {
        var data = _folder.WriteRandomFile("share/movie.bin", 1_000_000);
        var torrent = await CreateTorrentAsync(data);
        var metainfo = TorrentMetainfo.Parse(await File.ReadAllBytesAsync(torrent));
        using var stopSeed = new CancellationTokenSource();
        var (seeding, _, port) = await StartSeedAsync(torrent, _folder.Combine("share"), stopSeed.Token);
        var magnet = new MagnetLink(metainfo.InfoHash) { DisplayName = "movie.bin", Peers = [$"127.0.0.1:{port}"] }.ToString();

        var (code, get) = await CliRun.RunAsync("get", magnet, "-o", _folder.Combine("out"), "--max-time", "60");
        await stopSeed.CancelAsync();
        await seeding.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(code == ExitCodes.Success, get.Out + get.Error);
        Assert.Contains("Fetching the metadata of movie.bin from peers (BEP 9)", get.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("DHT node", get.Out, StringComparison.Ordinal);
        Assert.Equal(await File.ReadAllBytesAsync(data), await File.ReadAllBytesAsync(_folder.Combine("out", "movie.bin")));
    }

    [Fact]
    public async Task Get_of_a_magnet_on_a_terminal_ends_with_the_live_bar()
    {
        var data = _folder.WriteRandomFile("share/movie.bin", 1_000_000);
        var torrent = await CreateTorrentAsync(data);
        var metainfo = TorrentMetainfo.Parse(await File.ReadAllBytesAsync(torrent));
        using var stopSeed = new CancellationTokenSource();
        var (seeding, _, port) = await StartSeedAsync(torrent, _folder.Combine("share"), stopSeed.Token);
        var magnet = new MagnetLink(metainfo.InfoHash) { Peers = [$"127.0.0.1:{port}"] }.ToString();
        var run = new CliRun(terminal: true);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(90));

        var code = await run.RunAsync(bound.Token, "get", magnet, "-o", _folder.Combine("out"), "--max-time", "60");
        await stopSeed.CancelAsync();
        await seeding.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(code == ExitCodes.Success, run.Out + run.Error);
        Assert.Contains($"Fetching the metadata of {metainfo.InfoHash.ToHex()} from peers", run.Out, StringComparison.Ordinal);
        Assert.Contains("movie.bin [seeding", run.Out, StringComparison.Ordinal);
        Assert.Contains("100%", run.Out, StringComparison.Ordinal);
        Assert.Equal(await File.ReadAllBytesAsync(data), await File.ReadAllBytesAsync(_folder.Combine("out", "movie.bin")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_magnet_nobody_serves_times_out_with_exit_3_while_fetching_the_metadata(bool terminal)
    {
        // A DHT node that never answers: a free UDP port on 127.0.0.1 that nothing listens on.
        var silent = FreePort.TcpAndUdp();
        var run = new CliRun(terminal);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        // The spinner (terminal) or the plain line shows the phase for the whole 2 s.
        var code = await run.RunAsync(
            bound.Token, "get", "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567", "-o", _folder.Combine("out"), "--dht-bootstrap", $"127.0.0.1:{silent}", "--max-time", "2s");

        Assert.Equal(ExitCodes.TimedOut, code);
        Assert.Contains($"joining through 127.0.0.1:{silent}.", run.Out, StringComparison.Ordinal);
        Assert.Contains("fetching metadata  peers given 0", run.Out, StringComparison.Ordinal);
        Assert.Contains("mt: timed out after 2 s while fetching the metadata: no peer has sent it.", run.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_folder.Combine("out")));
    }

    [Fact]
    public async Task A_magnet_interrupted_while_fetching_the_metadata_exits_130()
    {
        var run = new CliRun();
        using var interrupt = new CancellationTokenSource();
        var getting = run.RunAsync(interrupt.Token, "get", "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567", "-o", _folder.Combine("out"), "--dht", "--max-time", "60");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !getting.IsCompleted && !run.Out.Contains("Fetching the metadata", StringComparison.Ordinal))
        {
            await Task.Delay(50, CancellationToken.None);
        }

        await interrupt.CancelAsync();
        var code = await getting.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ExitCodes.Interrupted, code);
        Assert.Contains("mt: interrupted while fetching the metadata; nothing was downloaded.", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_a_torrent_is_named_in_the_error()
    {
        var notTorrent = _folder.WriteRandomFile("junk.torrent", 100);
        File.WriteAllText(notTorrent, "<html>not a torrent</html>");

        var (code, run) = await CliRun.RunAsync("get", notTorrent, "-o", _folder.Combine("out"));

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains($"'{notTorrent}': The .torrent is not valid bencode", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_peer_flag_without_port_is_refused_before_any_transfer()
    {
        var torrent = await CreateTorrentAsync(_folder.WriteRandomFile("share/movie.bin", 1000));

        var (code, run) = await CliRun.RunAsync("get", torrent, "-o", _folder.Combine("out"), "--peer", "127.0.0.1");

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("--peer '127.0.0.1' is not HOST:PORT.", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_folder.Combine("out", "movie.bin")));
    }
}
