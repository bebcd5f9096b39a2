namespace ModularTorrent.Interop.Tests;

/// <summary>Tests on the fixed LSD port 6771 run one at a time: two swarms on the group would hear each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LocalDiscoveryPort
{
    public const string Name = "LSD port 6771";
}
