using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.Tests.Discovery;

/// <summary>
/// A real opentracker (Debian package <c>opentracker</c>) on 127.0.0.1, HTTP and UDP on one random
/// port. Debian builds it in whitelist mode, so the fixture writes a whitelist of the info-hashes
/// the tests may use; any other hash is refused by the tracker itself.
/// </summary>
public sealed class OpenTrackerFixture : IAsyncLifetime
{
    private const int HashCount = 16;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "mt-opentracker-" + Guid.NewGuid().ToString("N"));
    private Process? _process;
    private int _nextHash;

    public int Port { get; private set; }

    public string HttpAnnounceUrl => $"http://127.0.0.1:{Port}/announce";

    public string UdpAnnounceUrl => $"udp://127.0.0.1:{Port}/announce";

    /// <summary>The whitelisted hashes.</summary>
    public IReadOnlyList<InfoHash> Hashes { get; } = Enumerable.Range(0, HashCount).Select(_ => TrackerTestData.RandomHash()).ToArray();

    /// <summary>A whitelisted hash no other test has used, so swarm state never leaks between tests.</summary>
    public InfoHash TakeHash()
    {
        var i = Interlocked.Increment(ref _nextHash) - 1;
        return i < Hashes.Count ? Hashes[i] : throw new InvalidOperationException($"Only {HashCount} whitelisted hashes; raise HashCount.");
    }

    public async Task InitializeAsync()
    {
        var executable = new[] { "/usr/bin/opentracker", "/usr/local/bin/opentracker" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("opentracker is not installed; the project's setup installs it with 'apt-get install -y opentracker'.");

        Directory.CreateDirectory(_directory);
        var asRoot = Environment.UserName == "root";
        var whitelist = Path.Combine(_directory, "whitelist.txt");
        await File.WriteAllLinesAsync(whitelist, Hashes.Select(h => h.ToHex()));
        if (asRoot && !OperatingSystem.IsWindows())
        {
            // As root opentracker chroots into the tracker root and drops to 'nobody', then reads the
            // whitelist by its path inside the chroot; nobody must be able to read both.
            File.SetUnixFileMode(_directory, (UnixFileMode)0b111_101_101);
            File.SetUnixFileMode(whitelist, (UnixFileMode)0b110_100_100);
        }

        var config = Path.Combine(_directory, "opentracker.conf");
        await File.WriteAllTextAsync(
            config,
            $"access.whitelist {(asRoot ? "/whitelist.txt" : whitelist)}\ntracker.rootdir {_directory}\n");

        var failures = new StringBuilder();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var port = FreePort();
            var start = new ProcessStartInfo(executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { "-i", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-P", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-f", config })
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
            if (await WaitListeningAsync(process, port))
            {
                _process = process;
                Port = port;
                return;
            }

            Stop(process);
            lock (output)
            {
                failures.AppendLine(FormattableString.Invariant($"port {port}: {output}"));
            }
        }

        throw new InvalidOperationException("opentracker did not come up within the bounded wait:\n" + failures);
    }

    public Task DisposeAsync()
    {
        if (_process is not null)
        {
            Stop(_process);
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
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
                await probe.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(1));
                return true;
            }
            catch (Exception ex) when (ex is SocketException or TimeoutException)
            {
                await Task.Delay(50);
            }
        }

        return false;
    }

    /// <summary>A port free for both TCP and UDP right now (another process may still take it: the caller retries).</summary>
    private static int FreePort()
    {
        for (var i = 0; i < 20; i++)
        {
            var tcp = new TcpListener(IPAddress.Loopback, 0);
            tcp.Start();
            var port = ((IPEndPoint)tcp.LocalEndpoint).Port;
            try
            {
                using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
            }
            finally
            {
                tcp.Stop();
            }
        }

        throw new InvalidOperationException("No port free for both TCP and UDP on 127.0.0.1.");
    }
}
