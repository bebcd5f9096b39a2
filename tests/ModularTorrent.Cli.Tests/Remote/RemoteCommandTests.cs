using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ModularTorrent.Cli;

namespace ModularTorrent.Cli.Tests.Remote;

/// <summary>
/// The remote commands in process against two real host processes on 127.0.0.1: the seeder makes a
/// torrent through <c>POST /api/v1/torrents/create</c>, the leecher downloads it after <c>mt add</c>.
/// </summary>
[Collection(RemoteHostsCollection.Name)]
public sealed partial class RemoteCommandTests(RemoteHosts hosts) : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex InfoHash();

    /// <summary>Runs <c>mt</c> in process against the leecher with its admin key.</summary>
    private Task<(int Code, CliRun Run)> MtAsync(params string[] args) => RunAsync([.. args, "--host", hosts.Leecher.Url, "--key", hosts.Leecher.AdminKey]);

    private static async Task<(int Code, CliRun Run)> RunAsync(params string[] args)
    {
        var run = new CliRun();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var code = await run.RunAsync(bound.Token, args);
        return (code, run);
    }

    /// <summary>A two-file payload seeded by the seeder host, and its .torrent written locally.</summary>
    private async Task<(string InfoHash, string TorrentFile, string Payload)> SeedAsync(int firstSize, int secondSize)
    {
        var payload = hosts.Seeder.Folder.Combine("share-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(payload, "sub"));
        await File.WriteAllBytesAsync(Path.Combine(payload, "first.bin"), System.Security.Cryptography.RandomNumberGenerator.GetBytes(firstSize));
        await File.WriteAllBytesAsync(Path.Combine(payload, "sub", "second.bin"), System.Security.Cryptography.RandomNumberGenerator.GetBytes(secondSize));
        var (hash, metainfo) = await hosts.Seeder.CreateAsync(payload);
        var torrent = _folder.Combine(hash + ".torrent");
        await File.WriteAllBytesAsync(torrent, metainfo);
        return (hash, torrent, payload);
    }

    private async Task WaitForStateAsync(string hash, string state, TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        string? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = (await hosts.Leecher.FindAsync(hash))?.GetProperty("state").GetString();
            if (last == state)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"{hash} is '{last}' over REST after {bound.TotalSeconds} s, not '{state}'.{hosts.Logs()}");
    }

    [Fact]
    public async Task Add_watch_list_info_pause_resume_remove_drive_a_real_download()
    {
        var (hash, torrent, payload) = await SeedAsync(2_500_000, 1_700_000);
        // Slow the seeder so the watcher sees the download progress through deltas, not only its end.
        using (var limit = await hosts.Seeder.Http.PatchAsJsonAsync($"api/v1/torrents/{hash}", new { limits = new { uploadBytesPerSecond = 1_000_000 } }))
        {
            Assert.True(limit.IsSuccessStatusCode, await limit.Content.ReadAsStringAsync());
        }

        var saveTo = _folder.Combine("downloads");
        var (addCode, add) = await MtAsync("add", torrent, "--save-path", saveTo, "--peer", hosts.Seeder.Peer);
        Assert.True(addCode == ExitCodes.Success, add.Error);
        Assert.Equal(hash, add.Out.Trim());
        Assert.Matches(InfoHash(), add.Out.Trim());

        var (watchCode, watch) = await MtAsync("watch", hash, "--max-time", "90", "-v");
        Assert.True(watchCode == ExitCodes.Success, watch.Out + watch.Error + hosts.Logs());
        var name = Path.GetFileName(payload);
        Assert.Contains($"Completed: {name} ({hash})", watch.Out, StringComparison.Ordinal);
        Assert.Matches(@"downloading\s+\d", watch.Out); // at least one line while it was still downloading
        foreach (var relative in new[] { "first.bin", Path.Combine("sub", "second.bin") })
        {
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(payload, relative)), await File.ReadAllBytesAsync(Path.Combine(saveTo, name, relative)));
        }

        // The host's REST status has been seen to lag the event stream's completion (reported to the
        // host's owners); list is about what REST says, so wait (bounded) until REST agrees.
        await WaitForStateAsync(hash, "seeding", TimeSpan.FromSeconds(30));
        var (listCode, list) = await MtAsync("list");
        Assert.True(listCode == ExitCodes.Success, list.Error);
        var row = list.Out.Split('\n').Single(l => l.Contains(hash, StringComparison.Ordinal));
        Assert.Contains(name, row, StringComparison.Ordinal);
        Assert.True(row.Contains("seeding", StringComparison.Ordinal) && row.Contains("100.0%", StringComparison.Ordinal), row + "\n" + watch.Out);

        var (infoCode, info) = await MtAsync("info", hash);
        Assert.True(infoCode == ExitCodes.Success, info.Error);
        Assert.Contains("Files (2):", info.Out, StringComparison.Ordinal);
        Assert.Contains("first.bin", info.Out, StringComparison.Ordinal);
        Assert.Contains("second.bin", info.Out, StringComparison.Ordinal);
        Assert.Contains("2.4 MiB", info.Out, StringComparison.Ordinal);

        var (pauseCode, pause) = await MtAsync("pause", hash);
        Assert.True(pauseCode == ExitCodes.Success, pause.Error);
        Assert.Contains($"Paused {name} ({hash}): paused", pause.Out, StringComparison.Ordinal);
        var (pausedCode, paused) = await MtAsync("list", "--state", "paused", "--json");
        Assert.True(pausedCode == ExitCodes.Success, paused.Error);
        using (var json = JsonDocument.Parse(paused.Out))
        {
            Assert.Contains(json.RootElement.GetProperty("items").EnumerateArray(), t => t.GetProperty("infoHash").GetString() == hash);
        }

        var (resumeCode, resume) = await MtAsync("resume", hash);
        Assert.True(resumeCode == ExitCodes.Success, resume.Error);
        Assert.Contains($"Resumed {name} ({hash})", resume.Out, StringComparison.Ordinal);
        Assert.NotEqual("paused", (await hosts.Leecher.FindAsync(hash))!.Value.GetProperty("state").GetString());

        var (removeCode, remove) = await MtAsync("remove", hash, "--delete-data");
        Assert.True(removeCode == ExitCodes.Success, remove.Error);
        Assert.Contains($"Removed {hash} and deleted its data.", remove.Out, StringComparison.Ordinal);
        Assert.Null(await hosts.Leecher.FindAsync(hash));
        Assert.False(File.Exists(Path.Combine(saveTo, name, "first.bin")));
    }

    [Fact]
    public async Task Watch_ends_with_3_when_max_time_runs_out_first()
    {
        var (hash, torrent, _) = await SeedAsync(100_000, 50_000);
        var (addCode, add) = await MtAsync("add", torrent, "--save-path", _folder.Combine("never"), "--paused");
        Assert.True(addCode == ExitCodes.Success, add.Error);

        var (code, watch) = await MtAsync("watch", hash, "--max-time", "2s");

        Assert.Equal(ExitCodes.TimedOut, code);
        Assert.Equal("mt: timed out after 2 s before every watched torrent completed.", watch.Error.Trim());
        Assert.Equal("paused", (await hosts.Leecher.FindAsync(hash))!.Value.GetProperty("state").GetString());
        Assert.Equal(ExitCodes.Success, (await MtAsync("remove", hash)).Code);
    }

    [Fact]
    public async Task Watch_ends_with_130_on_interrupt()
    {
        var (hash, torrent, _) = await SeedAsync(100_000, 50_000);
        var (addCode, add) = await MtAsync("add", torrent, "--save-path", _folder.Combine("stopped"), "--paused");
        Assert.True(addCode == ExitCodes.Success, add.Error);
        var run = new CliRun();
        using var interrupt = new CancellationTokenSource(TimeSpan.FromSeconds(2)); // what Ctrl+C does to the invocation

        var code = await run.RunAsync(interrupt.Token, "watch", hash, "--host", hosts.Leecher.Url, "--key", hosts.Leecher.AdminKey).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ExitCodes.Interrupted, code);
        Assert.Equal("mt: interrupted.", run.Error.Trim());
        Assert.Contains("paused", run.Out, StringComparison.Ordinal); // the snapshot line came first
        Assert.Equal(ExitCodes.Success, (await MtAsync("remove", hash)).Code);
    }

    [Fact]
    public async Task A_bad_magnet_link_ends_with_2_and_names_the_field()
    {
        var (code, run) = await MtAsync("add", "magnet:?xt=urn:btih:nothex");

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Equal("mt: Invalid request: magnet: 'xt=urn:btih:nothex' is not an info-hash: expected 40 hex digits or 32 base32 characters.", run.Error.Trim());
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task An_unknown_info_hash_ends_with_1_and_the_problems_detail()
    {
        const string unknown = "0123456789abcdef0123456789abcdef01234567";
        using var response = await hosts.Leecher.Http.GetAsync($"api/v1/torrents/{unknown}");
        var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString();

        foreach (var command in new[] { "info", "pause", "resume", "remove" })
        {
            var (code, run) = await MtAsync(command, unknown);
            Assert.Equal(ExitCodes.TransferFailed, code);
            Assert.Equal($"mt: Not found: {detail}", run.Error.Trim());
        }
    }

    [Fact]
    public async Task A_malformed_info_hash_or_list_option_ends_with_2_and_names_the_field()
    {
        var (code, run) = await MtAsync("pause", "xyz");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.StartsWith("mt: Invalid request: infoHash: 'xyz' is not an info-hash", run.Error.Trim(), StringComparison.Ordinal);

        (code, run) = await MtAsync("list", "--state", "sleepy");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.StartsWith("mt: Invalid request: state: Unknown state 'sleepy'", run.Error.Trim(), StringComparison.Ordinal);

        (code, run) = await MtAsync("list", "--limit", "0");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Equal("mt: Invalid request: limit: Must be between 1 and 500.", run.Error.Trim());
    }

    [Fact]
    public async Task A_missing_local_torrent_ends_with_2_before_contacting_the_host()
    {
        var missing = _folder.Combine("missing.torrent");
        var (code, run) = await RunAsync("add", missing, "--host", "http://127.0.0.1:1");

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Equal($"mt: '{missing}' does not exist (give a .torrent file, a magnet link or an http(s) URL).", run.Error.Trim());
    }

    [Fact]
    public async Task A_wrong_key_gets_one_unauthorized_line_for_rest_and_watch()
    {
        foreach (var args in new[] { new[] { "list" }, new[] { "watch" }, new[] { "add", "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567" } })
        {
            var (code, run) = await RunAsync([.. args, "--host", hosts.Leecher.Url, "--key", "mt_wrong"]);
            Assert.Equal(ExitCodes.TransferFailed, code);
            Assert.Equal("mt: Unauthorized: The API key is unknown or revoked. Give a valid API key with --key or MT_API_KEY.", run.Error.Trim());
        }

        var (noKeyCode, noKey) = await RunAsync("list", "--host", hosts.Leecher.Url);
        Assert.Equal(ExitCodes.TransferFailed, noKeyCode);
        Assert.StartsWith("mt: Unauthorized: An API key with scope 'read' is required", noKey.Error.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_host_gets_one_line()
    {
        var port = FreePort.Next();
        foreach (var command in new[] { "list", "watch" })
        {
            var (code, run) = await RunAsync(command, "--host", $"http://127.0.0.1:{port}", "--key", "k");
            Assert.Equal(ExitCodes.TransferFailed, code);
            var line = Assert.Single(run.Error.Trim().Split('\n'));
            Assert.StartsWith($"mt: cannot reach the host at http://127.0.0.1:{port}: Connection refused", line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_host_that_is_not_a_url_ends_with_2()
    {
        var (code, run) = await RunAsync("list", "--host", "ftp://example");

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Equal("mt: --host 'ftp://example' is not an http(s) URL (example: http://127.0.0.1:5080).", run.Error.Trim());
    }

    [Fact]
    public async Task Watch_draws_live_bars_on_a_terminal()
    {
        var (hash, torrent, payload) = await SeedAsync(1_500_000, 300_000);
        var (addCode, add) = await MtAsync("add", torrent, "--save-path", _folder.Combine("live"), "--peer", hosts.Seeder.Peer);
        Assert.True(addCode == ExitCodes.Success, add.Error);

        using var screen = new StringWriter();
        var terminal = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Ansi = Spectre.Console.AnsiSupport.Yes,
            ColorSystem = Spectre.Console.ColorSystemSupport.NoColors,
            Interactive = Spectre.Console.InteractionSupport.Yes,
            Out = new Spectre.Console.AnsiConsoleOutput(screen),
        });
        terminal.Profile.Width = 160;
        using var error = new StringWriter();
        var environment = new CliEnvironment(terminal, screen, error, TimeProvider.System);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(120));

        var code = await MtApp.RunAsync(["watch", hash, "--max-time", "90", "--verbose", "--host", hosts.Leecher.Url, "--key", hosts.Leecher.AdminKey], environment, bound.Token);

        Assert.True(code == ExitCodes.Success, error + hosts.Logs());
        Assert.Contains($"{Path.GetFileName(payload)} [seeding", screen.ToString(), StringComparison.Ordinal);
        Assert.Contains("100%", screen.ToString(), StringComparison.Ordinal);
        Assert.Contains($"Completed: {Path.GetFileName(payload)} ({hash})", screen.ToString(), StringComparison.Ordinal);
        await WaitForStateAsync(hash, "seeding", TimeSpan.FromSeconds(20));
        Assert.Equal(ExitCodes.Success, (await MtAsync("remove", hash, "--delete-data")).Code);
    }
}
