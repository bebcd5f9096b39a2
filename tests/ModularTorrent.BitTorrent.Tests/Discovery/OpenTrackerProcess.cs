using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.Tests.Discovery;

/// <summary>
/// A real opentracker (Debian package <c>opentracker</c>) on 127.0.0.1, HTTP and UDP on one random
/// port, killed on dispose. Debian builds it in whitelist mode, so the caller names the info-hashes
/// it may track; any other hash is refused by the tracker itself.
/// </summary>
/// <remarks>Also compiled into the interop and the CLI tests, which start one per test with their torrent's hash.</remarks>
public sealed class OpenTrackerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly string _directory;

    private OpenTrackerProcess(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string HttpAnnounceUrl => $"http://127.0.0.1:{Port}/announce";

    public string UdpAnnounceUrl => $"udp://127.0.0.1:{Port}/announce";

    /// <summary>Starts opentracker tracking only <paramref name="whitelist"/>; the wait for it to listen is bounded.</summary>
    public static async Task<OpenTrackerProcess> StartAsync(IEnumerable<InfoHash> whitelist)
    {
        var executable = new[] { "/usr/bin/opentracker", "/usr/local/bin/opentracker" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("opentracker is not installed; scripts/test.sh installs it with 'apt-get install -y opentracker'.");

        var directory = Path.Combine(Path.GetTempPath(), "mt-opentracker-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var asRoot = Environment.UserName == "root";
        var whitelistFile = Path.Combine(directory, "whitelist.txt");
        await File.WriteAllLinesAsync(whitelistFile, whitelist.Select(h => h.ToHex()));
        if (asRoot && !OperatingSystem.IsWindows())
        {
            // As root opentracker chroots into the tracker root and drops to 'nobody', then reads the
            // whitelist by its path inside the chroot; nobody must be able to read both.
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
            File.SetUnixFileMode(whitelistFile, (UnixFileMode)0b110_100_100);
        }

        var config = Path.Combine(directory, "opentracker.conf");
        await File.WriteAllTextAsync(
            config,
            $"access.whitelist {(asRoot ? "/whitelist.txt" : whitelistFile)}\ntracker.rootdir {directory}\n");

        var failures = new StringBuilder();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var port = FreePort.TcpAndUdp().ToString(CultureInfo.InvariantCulture);
            var start = new ProcessStartInfo(executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { "-i", "127.0.0.1", "-p", port, "-P", port, "-f", config })
            {
                start.ArgumentList.Add(arg);
            }

            if (asRoot)
            {
                start.ArgumentList.Add("-u");
                start.ArgumentList.Add("nobody");
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException("opentracker did not start.");
            var output = new StringBuilder();
            process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
            process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (await WaitListeningAsync(process, int.Parse(port, CultureInfo.InvariantCulture)))
            {
                return new OpenTrackerProcess(process, directory, int.Parse(port, CultureInfo.InvariantCulture));
            }

            Stop(process);
            lock (output)
            {
                failures.AppendLine(CultureInfo.InvariantCulture, $"port {port}: {output}");
            }
        }

        Directory.Delete(directory, recursive: true);
        throw new InvalidOperationException("opentracker did not come up within the bounded wait:\n" + failures);
    }

    public ValueTask DisposeAsync()
    {
        Stop(_process);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }

        return ValueTask.CompletedTask;
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        process.Dispose();
    }

    /// <summary>
    /// Waits until opentracker answers HTTP on <paramref name="port"/>. A bare TCP connect is not enough: the port came
    /// from <see cref="FreePort.TcpAndUdp"/> and was released, so another test's process (a BitTorrent listener on
    /// port 0) can take it first, and a request to that resets the connection. Only an HTTP reply proves it is ours.
    /// </summary>
    private static async Task<bool> WaitListeningAsync(Process process, int port)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                return false;
            }

            try
            {
                using var probe = new TcpClient();
                using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await probe.ConnectAsync(IPAddress.Loopback, port, bound.Token);
                var stream = probe.GetStream();
                await stream.WriteAsync("GET /announce HTTP/1.0\r\n\r\n"u8.ToArray(), bound.Token);
                var reply = new byte[5];
                await stream.ReadExactlyAsync(reply, bound.Token);
                return reply.AsSpan().SequenceEqual("HTTP/"u8);
            }
            catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or EndOfStreamException)
            {
                await Task.Delay(50);
            }
        }

        return false;
    }
}
