using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace ModularTorrent.Scripting.Benchmarks;

/// <summary>
/// The whole process pinned to one core, so the caller, the sandbox worker and the watchdog share it:
/// the thread hop is paid in the measurement, as the issue asks ("on one core, with the sandbox in place").
/// </summary>
public static class OneCoreConfig
{
    /// <summary>The configuration.</summary>
    public static IConfig Create() => DefaultConfig.Instance
        .AddJob(Job.Default.WithAffinity(1).WithWarmupCount(3).WithIterationCount(10).AsDefault())
        .AddColumn(StatisticColumn.OperationsPerSecond)
        .AddDiagnoser(MemoryDiagnoser.Default);
}
