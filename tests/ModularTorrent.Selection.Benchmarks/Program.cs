using BenchmarkDotNet.Running;

namespace ModularTorrent.Selection.Benchmarks;

/// <summary>Runs the piece-selection benchmarks; arguments go to BenchmarkDotNet (e.g. <c>--filter *</c>).</summary>
public static class Program
{
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args.Length == 0 ? ["--filter", "*"] : args);
}
