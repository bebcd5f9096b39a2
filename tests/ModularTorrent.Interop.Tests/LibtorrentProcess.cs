using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ModularTorrent.Interop.Tests;

/// <summary>A libtorrent client run by python/lt_driver.py; its JSON status lines are collected as they arrive.</summary>
public sealed class LibtorrentProcess : IDisposable
{
    public const string Python = "/usr/bin/python3";
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly StringBuilder _stderr = new();
    private readonly ConcurrentDictionary<LibtorrentConnection, byte> _connections = new();

    private LibtorrentProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _lines.Enqueue(e.Data);
                if (e.Data.StartsWith("{\"state\"", StringComparison.Ordinal))
                {
                    using var doc = JsonDocument.Parse(e.Data);
                    var root = doc.RootElement;
                    Latest = new LibtorrentStatus(
                        root.GetProperty("state").GetString()!,
                        root.GetProperty("progress").GetDouble(),
                        root.GetProperty("pieces").GetInt32(),
                        root.GetProperty("peers").GetInt32(),
                        root.GetProperty("seeding").GetBoolean(),
                        root.GetProperty("uploaded").GetInt64(),
                        root.GetProperty("downloaded").GetInt64());
                    if (root.TryGetProperty("connections", out var connections))
                    {
                        foreach (var c in connections.EnumerateArray())
                        {
                            _connections.TryAdd(new LibtorrentConnection(c.GetProperty("port").GetInt32(), c.GetProperty("source").GetInt32(), c.GetProperty("outgoing").GetBoolean()), 0);
                        }
                    }
                }
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public LibtorrentStatus? Latest { get; private set; }

    /// <summary>Every distinct connection libtorrent has reported so far (peers come and go; this keeps them all).</summary>
    public IReadOnlyCollection<LibtorrentConnection> ConnectionsSeen => [.. _connections.Keys];

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_stderr)
            {
                return string.Join('\n', _lines.TakeLast(15)) + "\nstderr: " + _stderr;
            }
        }
    }

    public static string ScriptPath => Path.Combine(AppContext.BaseDirectory, "python", "lt_driver.py");

    public static void RequireLibtorrent()
    {
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException("Debian's /usr/bin/python3 is missing; run: apt-get install -y python3-libtorrent");
        }

        var check = Process.Start(new ProcessStartInfo(Python, ["-c", "import libtorrent"]) { RedirectStandardError = true, UseShellExecute = false })!;
        check.WaitForExit(30_000);
        if (check.ExitCode != 0)
        {
            throw new InvalidOperationException("python3-libtorrent is not installed; run: apt-get install -y python3-libtorrent");
        }
    }

    /// <summary>Creates a .torrent with libtorrent's own creator.</summary>
    public static Task CreateTorrentAsync(string path, string output, int pieceSize, params string[] trackers) =>
        CreateTorrentAsync(path, output, pieceSize, isPrivate: false, trackers);

    /// <summary>Creates a .torrent with libtorrent's own creator, optionally private (BEP 27: no peer exchange).</summary>
    public static async Task CreateTorrentAsync(string path, string output, int pieceSize, bool isPrivate, params string[] trackers)
    {
        var args = new List<string> { ScriptPath, "create", "--path", path, "--out", output, "--piece-size", pieceSize.ToString(CultureInfo.InvariantCulture) };
        if (isPrivate)
        {
            args.Add("--private");
        }

        foreach (var tracker in trackers)
        {
            args.Add("--tracker");
            args.Add(tracker);
        }

        var process = Process.Start(new ProcessStartInfo(Python, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"libtorrent could not create the torrent: {await stdout} {await stderr}");
        }
    }

    /// <param name="options">Extra driver options, e.g. <c>--encryption forced</c> or <c>--dht-bootstrap 127.0.0.1:P</c>.</param>
    public static LibtorrentProcess Seed(string torrent, string saveDir, int port, long uploadLimit = 0, TimeSpan? timeout = null, IEnumerable<string>? peers = null, IEnumerable<string>? options = null) =>
        Start("seed", torrent, saveDir, port, peers ?? [], uploadLimit, timeout ?? TimeSpan.FromSeconds(180), options);

    public static LibtorrentProcess Download(string torrent, string saveDir, int port, IEnumerable<string> peers, TimeSpan? timeout = null, IEnumerable<string>? options = null) =>
        Start("download", torrent, saveDir, port, peers, 0, timeout ?? TimeSpan.FromSeconds(180), options);

    /// <summary>Downloads from a magnet link: libtorrent must fetch the metadata from its peers first.</summary>
    public static LibtorrentProcess DownloadMagnet(string magnet, string saveDir, int port, IEnumerable<string> peers, TimeSpan? timeout = null) =>
        Start("download", "--magnet=" + magnet, saveDir, port, peers, 0, timeout ?? TimeSpan.FromSeconds(180));

    public async Task WaitUntilAsync(Func<LibtorrentStatus, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Latest is not { } status || !condition(status))
        {
            if (_process.HasExited)
            {
                // The parameterless wait also drains the asynchronous output handlers: the last lines may still be in flight.
                _process.WaitForExit();
                if (Latest is { } last && condition(last))
                {
                    return;
                }

                throw new InvalidOperationException($"libtorrent exited (code {_process.ExitCode}) before {what}.\n{Output}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"libtorrent: {what} did not happen within {timeout}.\n{Output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Waits for the driver to exit by itself (a download exits once complete, after libtorrent closed its files).</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private static LibtorrentProcess Start(string mode, string torrent, string saveDir, int port, IEnumerable<string> peers, long uploadLimit, TimeSpan timeout, IEnumerable<string>? options = null)
    {
        var args = new List<string>
        {
            ScriptPath, mode, torrent.StartsWith("--magnet=", StringComparison.Ordinal) ? torrent : "--torrent=" + torrent, "--save", saveDir, "--port", port.ToString(CultureInfo.InvariantCulture),
            "--timeout", timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            "--upload-limit", uploadLimit.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var peer in peers)
        {
            args.Add("--peer");
            args.Add(peer);
        }

        args.AddRange(options ?? []);
        var info = new ProcessStartInfo(Python, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        return new LibtorrentProcess(Process.Start(info) ?? throw new InvalidOperationException("python did not start"));
    }
}
