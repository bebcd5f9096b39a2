using BenchmarkDotNet.Running;
using ModularTorrent.BitTorrent.Benchmarks;

if (args.Length > 0 && args[0] == "loopback")
{
    return await LoopbackComparison.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(WireBenchmarks).Assembly).Run(args);
return 0;
