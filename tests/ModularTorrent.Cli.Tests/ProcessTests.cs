using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ModularTorrent.Cli.Tests;

/// <summary>The real <c>mt</c> executable as separate processes: one seeds, one downloads, over 127.0.0.1.</summary>
public sealed partial class ProcessTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [GeneratedRegex(@"on port (\d+)\.")]
    private static partial Regex PortLine();

    /// <summary>SIGTERM to a process this test started, by its id (what a service manager sends).</summary>
    private static async Task<int> TerminateAsync(int pid)
    {
        using var kill = Process.Start("kill", ["-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await kill.WaitForExitAsync(bound.Token);
        return kill.ExitCode;
    }

    [Fact]
    public async Task Seed_and_get_processes_transfer_a_file_and_seed_stops_cleanly_on_sigterm()
    {
        var data = _folder.WriteRandomFile("share/album.bin", 5_000_000);
        using (var create = new MtProcess("create", data, "-o", _folder.Combine("album.torrent")))
        {
            Assert.True(await create.WaitAsync(TimeSpan.FromSeconds(60)) == 0, create.Error);
        }

        using var seed = new MtProcess("seed", _folder.Combine("album.torrent"), _folder.Combine("share"), "--port", "0", "--max-time", "120");
        var port = int.Parse((await seed.WaitForOutputAsync(PortLine(), TimeSpan.FromSeconds(60))).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        using var get = new MtProcess("get", _folder.Combine("album.torrent"), "-o", _folder.Combine("out"), "--peer", $"127.0.0.1:{port}", "--max-time", "90");
        var getCode = await get.WaitAsync(TimeSpan.FromSeconds(100));

        Assert.Equal(0, await TerminateAsync(seed.Process.Id));
        var seedCode = await seed.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(getCode == 0, get.Out + get.Error);
        Assert.Equal(await File.ReadAllBytesAsync(data), await File.ReadAllBytesAsync(_folder.Combine("out", "album.bin")));
        Assert.Contains("Done: all", get.Out, StringComparison.Ordinal);
        Assert.Equal(0, seedCode);
        Assert.Contains("Stopped seeding after", seed.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_torrent_ends_the_process_with_2_and_one_line()
    {
        using var get = new MtProcess("get", _folder.Combine("nope.torrent"), "-o", _folder.Combine("out"));

        Assert.Equal(2, await get.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal($"mt: '{_folder.Combine("nope.torrent")}' does not exist.", get.Error.Trim());
    }
}
