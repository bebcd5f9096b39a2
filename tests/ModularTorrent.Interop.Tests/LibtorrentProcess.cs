using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace ModularTorrent.Interop.Tests;

/// <summary>A libtorrent client run by python/lt_driver.py; its JSON status lines are followed as they arrive.</summary>
public sealed class LibtorrentProcess : IDisposable
{
    public const string Python = LibtorrentScript.Python;
    private const string Driver = "lt_driver.py";
    private static readonly TimeSpan CreateTimeout = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<LibtorrentConnection, byte> _connections = new();
    private readonly LibtorrentScript _script;

    private LibtorrentProcess(IEnumerable<string> args) => _script = LibtorrentScript.Start(Driver, args, Follow);

    public LibtorrentStatus? Latest { get; private set; }

    /// <summary>Every distinct connection libtorrent has reported so far (peers come and go; this keeps them all).</summary>
    public IReadOnlyCollection<LibtorrentConnection> ConnectionsSeen => [.. _connections.Keys];

    public bool HasExited => _script.HasExited;

    public int ExitCode => _script.ExitCode;

    public string Output => _script.Output;

    public static string ScriptPath => LibtorrentScript.PathOf(Driver);

    public static void RequireLibtorrent() => LibtorrentScript.RequireLibtorrent();

    /// <summary>Creates a .torrent with libtorrent's own creator.</summary>
    public static Task CreateTorrentAsync(string path, string output, int pieceSize, params string[] trackers) =>
        CreateTorrentAsync(path, output, pieceSize, isPrivate: false, trackers);

    /// <summary>Creates a .torrent with libtorrent's own creator, optionally private (BEP 27: no peer exchange).</summary>
    public static async Task CreateTorrentAsync(string path, string output, int pieceSize, bool isPrivate, params string[] trackers)
    {
        var args = new List<string> { "create", "--path", path, "--out", output, "--piece-size", pieceSize.ToString(CultureInfo.InvariantCulture) };
        if (isPrivate)
        {
            args.Add("--private");
        }

        foreach (var tracker in trackers)
        {
            args.Add("--tracker");
            args.Add(tracker);
        }

        using var create = LibtorrentScript.Start(Driver, args);
        await create.WaitForExitAsync(CreateTimeout);
        if (create.ExitCode != 0)
        {
            throw new InvalidOperationException($"libtorrent could not create the torrent: {create.Output}");
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
            if (_script.HasExited)
            {
                // The exit can overtake the last status lines: let them be read first.
                await _script.WaitForExitAsync(TimeSpan.FromSeconds(10));
                if (Latest is { } last && condition(last))
                {
                    return;
                }

                throw new InvalidOperationException($"libtorrent exited (code {_script.ExitCode}) before {what}.\n{Output}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"libtorrent: {what} did not happen within {timeout}.\n{Output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Waits for the driver to exit by itself (a download exits once complete, after libtorrent closed its files).</summary>
    public Task WaitForExitAsync(TimeSpan timeout) => _script.WaitForExitAsync(timeout);

    public void Dispose() => _script.Dispose();

    private static LibtorrentProcess Start(string mode, string torrent, string saveDir, int port, IEnumerable<string> peers, long uploadLimit, TimeSpan timeout, IEnumerable<string>? options = null)
    {
        var args = new List<string>
        {
            mode, torrent.StartsWith("--magnet=", StringComparison.Ordinal) ? torrent : "--torrent=" + torrent, "--save", saveDir, "--port", port.ToString(CultureInfo.InvariantCulture),
            "--timeout", timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            "--upload-limit", uploadLimit.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var peer in peers)
        {
            args.Add("--peer");
            args.Add(peer);
        }

        args.AddRange(options ?? []);
        return new LibtorrentProcess(args);
    }

    private void Follow(string line)
    {
        if (!line.StartsWith("{\"state\"", StringComparison.Ordinal))
        {
            return;
        }

        using var doc = JsonDocument.Parse(line);
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
