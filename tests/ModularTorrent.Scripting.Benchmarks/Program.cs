using BenchmarkDotNet.Running;

namespace ModularTorrent.Scripting.Benchmarks;

/// <summary>Entry point: runs the benchmarks named by the command line (BenchmarkDotNet switches).</summary>
public static class Program
{
    /// <summary>Runs the benchmark switcher.</summary>
    /// <param name="args">BenchmarkDotNet arguments, e.g. <c>--filter *</c>.</param>
    public static void Main(string[] args)
    {
        if (args is ["quick", ..])
        {
            var seconds = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;
            var rounds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5;
            QuickRun.RunAsync(seconds, rounds).GetAwaiter().GetResult();
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, OneCoreConfig.Create());
    }
}
