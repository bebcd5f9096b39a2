using BenchmarkDotNet.Running;

namespace ModularTorrent.Scripting.Benchmarks;

/// <summary>Entry point: runs the benchmarks named by the command line (BenchmarkDotNet switches).</summary>
public static class Program
{
    /// <summary>Runs the benchmark switcher.</summary>
    /// <param name="args">BenchmarkDotNet arguments, e.g. <c>--filter *</c>.</param>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, OneCoreConfig.Create());
}
