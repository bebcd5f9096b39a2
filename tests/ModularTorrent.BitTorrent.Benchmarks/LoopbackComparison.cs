using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ModularTorrent.BitTorrent.Encryption;
using ModularTorrent.BitTorrent.Engine;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.BitTorrent.Benchmarks;

/// <summary>
/// One libtorrent seeder on 127.0.0.1; first a libtorrent leecher, then our engine (in this process)
/// download the same torrent from it. Prints MB/s, CPU seconds and peak RSS of both and the ratios
/// (targets: our MB/s at least libtorrent's, CPU at most 1.5x, RSS at most 200 MB).
/// </summary>
internal static class LoopbackComparison
{
    private const string Python = "/usr/bin/python3";

    public static async Task<int> RunAsync(string[] args)
    {
        var sizeMiB = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1024;
        var pieceKiB = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1024;
        var rc4 = args.Length > 2 && args[2] switch
        {
            "rc4" => true,
            "plain" => false,
            _ => throw new ArgumentException($"The third argument is 'plain' or 'rc4', not '{args[2]}'."),
        };
        var root = Path.Combine(Path.GetTempPath(), "mt-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var seedDir = Directory.CreateDirectory(Path.Combine(root, "seed")).FullName;
        try
        {
            var data = Path.Combine(seedDir, "payload.bin");
            Console.WriteLine($"Writing {sizeMiB} MiB of random data...");
            WriteRandom(data, (long)sizeMiB << 20);
            var torrentPath = Path.Combine(root, "payload.torrent");
            await RunToEndAsync(Script, "create", "--path", data, "--out", torrentPath, "--piece-size", (pieceKiB * 1024).ToString(CultureInfo.InvariantCulture));
            var metainfo = TorrentMetainfo.Parse(await File.ReadAllBytesAsync(torrentPath));

            var seedPort = FreePort();
            using var seeder = Start(Script, "seed", "--torrent", torrentPath, "--save", seedDir, "--port", seedPort.ToString(CultureInfo.InvariantCulture), "--timeout", "900");
            await WaitForLineAsync(seeder, "\"seeding\": true", TimeSpan.FromMinutes(5));

            // The seeder accepts plain and encrypted peers; with rc4 both leechers insist on RC4, so the cipher is on both paths.
            Console.WriteLine(rc4 ? "libtorrent downloading (RC4 forced)..." : "libtorrent downloading...");
            var ltDir = Directory.CreateDirectory(Path.Combine(root, "lt")).FullName;
            string[] encryption = rc4 ? ["--encryption", "forced"] : [];
            using var leecher = Start(
                [Script, "download", "--torrent", torrentPath, "--save", ltDir, "--port", FreePort().ToString(CultureInfo.InvariantCulture),
                "--peer", $"127.0.0.1:{seedPort}", "--timeout", "600", "--poll", "0.05", .. encryption]);
            var done = await WaitForLineAsync(leecher, "\"done\": true", TimeSpan.FromMinutes(10));
            using var doc = JsonDocument.Parse(done);
            var lt = new Result(
                doc.RootElement.GetProperty("elapsed").GetDouble(),
                doc.RootElement.GetProperty("cpu").GetDouble(),
                doc.RootElement.GetProperty("maxrss_kb").GetInt64() * 1024);
            Directory.Delete(ltDir, recursive: true);

            Console.WriteLine(rc4 ? "ModularTorrent downloading (RC4 required)..." : "ModularTorrent downloading...");
            var ourDir = Directory.CreateDirectory(Path.Combine(root, "ours")).FullName;
            var ours = await DownloadWithOurEngineAsync(metainfo, ourDir, seedPort, rc4);

            var total = metainfo.TotalLength / 1e6;
            Console.WriteLine();
            Console.WriteLine($"| client         | MB/s    | CPU s  | peak RSS MB |");
            Console.WriteLine($"| libtorrent     | {total / lt.Seconds,7:F1} | {lt.CpuSeconds,6:F2} | {lt.PeakRss / 1e6,11:F0} |");
            Console.WriteLine($"| ModularTorrent | {total / ours.Seconds,7:F1} | {ours.CpuSeconds,6:F2} | {ours.PeakRss / 1e6,11:F0} |");
            Console.WriteLine();
            Console.WriteLine($"throughput ratio (ours/libtorrent): {lt.Seconds / ours.Seconds:F2}  (target >= 1.0)");
            Console.WriteLine($"CPU ratio (ours/libtorrent):        {ours.CpuSeconds / lt.CpuSeconds:F2}  (target <= 1.5)");
            Console.WriteLine($"our peak RSS:                       {ours.PeakRss / 1e6:F0} MB  (target <= 200)");
            Console.WriteLine("libtorrent's RSS counts the file pages it maps (libtorrent 2 uses mmap I/O); its CPU includes the Python interpreter.");
            return 0;
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static string Script => Path.Combine(AppContext.BaseDirectory, "python", "lt_driver.py");

    private static async Task<Result> DownloadWithOurEngineAsync(TorrentMetainfo metainfo, string saveDir, int seedPort, bool rc4)
    {
        await using var engine = new BitTorrentEngine(new EngineSettings
        {
            ListenAddress = IPAddress.Loopback,
            ListenPort = 0,
            Encryption = MseSettings.For(rc4 ? EncryptionMode.Required : EncryptionMode.Disabled),
        });
        await engine.StartAsync();
        using var process = Process.GetCurrentProcess();
        GC.Collect();
        var cpu0 = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var torrent = await engine.AddAsync(metainfo, new TorrentOptions(saveDir) { Peers = [new IPEndPoint(IPAddress.Loopback, seedPort)] });
        long peak = 0;
        while (torrent.State != TransferState.Seeding)
        {
            if (watch.Elapsed > TimeSpan.FromMinutes(10) || torrent.State == TransferState.Error)
            {
                throw new InvalidOperationException($"Our download did not finish: {torrent.GetStatus()}");
            }

            await Task.Delay(20);
            process.Refresh();
            peak = Math.Max(peak, process.WorkingSet64);
        }

        var seconds = watch.Elapsed.TotalSeconds;
        process.Refresh();
        return new Result(seconds, (process.TotalProcessorTime - cpu0).TotalSeconds, Math.Max(peak, process.WorkingSet64));
    }

    private static void WriteRandom(string path, long length)
    {
        var buffer = new byte[1 << 20];
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        var random = new Random(42);
        for (long done = 0; done < length; done += buffer.Length)
        {
            random.NextBytes(buffer);
            stream.Write(buffer, 0, (int)Math.Min(buffer.Length, length - done));
        }
    }

    private static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("python did not start");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task RunToEndAsync(params string[] args)
    {
        using var process = Start(args);
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(10));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"lt_driver {args[1]} failed with exit code {process.ExitCode}.");
        }
    }

    private static async Task<string> WaitForLineAsync(Process process, string marker, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (await process.StandardOutput.ReadLineAsync(cts.Token) is { } line)
        {
            if (line.Contains(marker, StringComparison.Ordinal))
            {
                return line;
            }
        }

        throw new InvalidOperationException($"libtorrent ended before '{marker}'.");
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private sealed record Result(double Seconds, double CpuSeconds, long PeakRss);
}
