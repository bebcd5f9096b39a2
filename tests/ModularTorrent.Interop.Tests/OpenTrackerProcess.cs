using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.Interop.Tests;

/// <summary>
/// A real opentracker on 127.0.0.1 (HTTP and UDP on one port). Debian builds it in whitelist mode,
/// so it is started with the info-hashes the test will announce.
/// </summary>
public sealed class OpenTrackerProcess : IDisposable
{
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

    public static async Task<OpenTrackerProcess> StartAsync(params InfoHash[] whitelist)
    {
        const string executable = "/usr/bin/opentracker";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException("opentracker is not installed; run: apt-get install -y opentracker");
        }

        var directory = Path.Combine(Path.GetTempPath(), "mt-interop-ot-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(directory);
        var asRoot = Environment.UserName == "root";
        var list = Path.Combine(directory, "whitelist.txt");
        await File.WriteAllLinesAsync(list, whitelist.Select(h => h.ToHex()));
        if (asRoot && !OperatingSystem.IsWindows())
        {
            // As root it chroots into the directory and runs as 'nobody', who must read both.
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
            File.SetUnixFileMode(list, (UnixFileMode)0b110_100_100);
        }

        var config = Path.Combine(directory, "opentracker.conf");
        await File.WriteAllTextAsync(config, $"access.whitelist {(asRoot ? "/whitelist.txt" : list)}\ntracker.rootdir {directory}\n");
        var failures = new StringBuilder();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var port = Ports.Free().ToString(CultureInfo.InvariantCulture);
            var info = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "-i", "127.0.0.1", "-p", port, "-P", port, "-f", config })
            {
                info.ArgumentList.Add(arg);
            }

            if (asRoot)
            {
                info.ArgumentList.Add("-u");
                info.ArgumentList.Add("nobody");
            }

            var process = Process.Start(info)!;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (DateTime.UtcNow < deadline && !process.HasExited)
            {
                try
                {
                    using var probe = new TcpClient();
                    await probe.ConnectAsync(IPAddress.Loopback, int.Parse(port, CultureInfo.InvariantCulture)).WaitAsync(TimeSpan.FromSeconds(1));
                    return new OpenTrackerProcess(process, directory, int.Parse(port, CultureInfo.InvariantCulture));
                }
                catch (Exception ex) when (ex is SocketException or TimeoutException)
                {
                    await Task.Delay(50);
                }
            }

            failures.AppendLine(CultureInfo.InvariantCulture, $"port {port}: exited={process.HasExited}");
            if (!process.HasExited)
            {
                process.Kill();
            }

            process.Dispose();
        }

        throw new InvalidOperationException("opentracker did not start: " + failures);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
