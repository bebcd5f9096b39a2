namespace ModularTorrent.Scripting.Tests;

/// <summary>
/// Tests that need no timing of their own run in this collection, after the parallel ones, so their CPU does not
/// land inside the time bounds of the hostile-script tests on a busy two-core machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SequentialCollection
{
    public const string Name = "Sequential, after the timed tests";
}
