using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace ModularTorrent.Host.Tests.Support;

/// <summary>A real libtorrent (Debian python3-libtorrent) seeding on 127.0.0.1, driven by the interop tests' driver script.</summary>
internal sealed class LibtorrentSeeder : IDisposable
{
    private readonly Process _process;

    private LibtorrentSeeder(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public static string Driver => Path.Combine(RepoRoot.Path, "tests", "ModularTorrent.Interop.Tests", "python", "lt_driver.py");

    /// <summary>Creates a .torrent of <paramref name="payload"/> with libtorrent.</summary>
    public static async Task CreateTorrentAsync(string payload, string torrentFile, int pieceSize)
    {
        using var process = Start("create", "--path", payload, "--out", torrentFile, "--piece-size", pieceSize.ToString(CultureInfo.InvariantCulture));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("libtorrent could not create the torrent: " + await process.StandardError.ReadToEndAsync());
        }
    }

    /// <summary>Seeds <paramref name="torrentFile"/> from <paramref name="saveDirectory"/> and waits until it listens.</summary>
    public static async Task<LibtorrentSeeder> StartAsync(string torrentFile, string saveDirectory)
    {
        var port = FreePort.Next();
        var process = Start("seed", "--torrent", torrentFile, "--save", saveDirectory, "--port", port.ToString(CultureInfo.InvariantCulture), "--timeout", "300");
        var seeder = new LibtorrentSeeder(process, port);
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("libtorrent seeder exited: " + await process.StandardError.ReadToEndAsync());
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return seeder;
            }
            catch (SocketException) when (watch.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100);
            }
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    private static Process Start(params string[] arguments)
    {
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Driver);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("python3 did not start");
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        return process;
    }
}
