namespace ModularTorrent.Cli.Tests;

/// <summary>
/// Tests that run local service discovery on BEP 14's fixed group and port (239.192.152.143:6771), which every
/// process on the host shares: they run one at a time, after the parallel tests, so one test's announces never
/// reach another's peers.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LsdPortCollection
{
    public const string Name = "LSD on port 6771";
}
