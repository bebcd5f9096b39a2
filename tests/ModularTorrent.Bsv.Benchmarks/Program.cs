using BenchmarkDotNet.Running;

namespace ModularTorrent.Bsv.Benchmarks;

/// <summary>Entry point: BenchmarkDotNet, or with <c>--cpu-time</c> the CPU-time measurement of <see cref="CpuTimeRun"/>.</summary>
public static class Program
{
    /// <summary>Runs the benchmarks.</summary>
    /// <param name="args">BenchmarkDotNet arguments (e.g. <c>--filter *</c>), or <c>--cpu-time</c>.</param>
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--cpu-time")
        {
            CpuTimeRun.Run(Console.Out);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, OneCoreConfig.Create());
    }
}
