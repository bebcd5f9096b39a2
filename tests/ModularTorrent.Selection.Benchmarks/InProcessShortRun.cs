using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace ModularTorrent.Selection.Benchmarks;

/// <summary>
/// A short run inside this process: BenchmarkDotNet 0.14 does not know .NET 10 as a runtime to
/// generate a child project for, and on a shared 2-core machine a short run is what fits.
/// </summary>
public sealed class InProcessShortRun : ManualConfig
{
    public InProcessShortRun() =>
        AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
}
