using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace ModularTorrent.Bsv.Benchmarks;

/// <summary>
/// The default BenchmarkDotNet configuration (loggers, exporters), with the job pinned to one core
/// (affinity mask 1) and an operations-per-second column, so the numbers read as "per second on one core".
/// </summary>
public static class OneCoreConfig
{
    /// <summary>Creates the configuration.</summary>
    public static IConfig Create() => DefaultConfig.Instance
        .AddJob(Job.Default.WithAffinity(1).WithWarmupCount(3).WithIterationCount(10).AsDefault())
        .AddColumn(StatisticColumn.OperationsPerSecond);
}
