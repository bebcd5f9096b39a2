using System.Diagnostics;
using System.Globalization;
using ModularTorrent.Bsv.Crypto;
using ModularTorrent.Bsv.Keys;

namespace ModularTorrent.Bsv.Benchmarks;

/// <summary>
/// Signatures and verifications per second of CPU time on one core. On a shared machine wall-clock benchmarks
/// include time the core spent on other processes; the process CPU time does not, so this reads the same whether
/// the machine is idle or busy. Both figures are printed.
/// </summary>
public static class CpuTimeRun
{
    /// <summary>Runs the measurement and writes a small table.</summary>
    /// <param name="output">Where the table goes.</param>
    public static void Run(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var process = Process.GetCurrentProcess();
        if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
        {
            process.ProcessorAffinity = 1;
        }

        var key = PrivateKey.FromHex("e91671c46231f833a6406ccbea0e3e392c76c167bac1cb013f6f1013980455c2");
        var digests = Enumerable.Range(0, 256).Select(i => Hashes.Sha256([(byte)i, 7])).ToArray();
        var signatures = digests.Select(d => Ecdsa.Sign(d, key)).ToArray();
        var pub = key.PublicKey;

        output.WriteLine("| Operation | Count | Wall ms | CPU ms | Per second (wall) | Per second (CPU) |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|");
        Measure(output, process, "ECDSA sign (RFC 6979, low-S)", 5000, i => Ecdsa.Sign(digests[i & 255], key));
        Measure(output, process, "ECDSA verify", 3000, i => Ecdsa.Verify(digests[i & 255], signatures[i & 255], pub));
    }

    private static void Measure(TextWriter output, Process process, string name, int count, Action<int> operation)
    {
        for (var i = 0; i < 200; i++)
        {
            operation(i);
        }

        process.Refresh();
        var cpuStart = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            operation(i);
        }

        wall.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuStart;
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {name} | {count} | {wall.Elapsed.TotalMilliseconds:F0} | {cpu.TotalMilliseconds:F0} | {count / wall.Elapsed.TotalSeconds:F0} | {count / cpu.TotalSeconds:F0} |"));
    }
}
