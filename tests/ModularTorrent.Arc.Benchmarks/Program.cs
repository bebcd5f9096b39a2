using BenchmarkDotNet.Running;
using ModularTorrent.Arc.Benchmarks;

// server            : run the in-test ARC server (used by "sustained" as a child process)
// sustained [secs]  : the sustained-rate run
// anything else     : BenchmarkDotNet micro-benchmarks (arguments passed to BenchmarkSwitcher)
return args.FirstOrDefault() switch
{
    "server" => await SustainedRun.ServeAsync(),
    "sustained" => await SustainedRun.MainAsync(args),
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(HotPathBenchmarks).Assembly).Run(args);
    return 0;
}
