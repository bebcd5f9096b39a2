namespace ModularTorrent.BitTorrent.Tests.Discovery;

/// <summary>Tests that share one real opentracker process.</summary>
[CollectionDefinition(Name)]
public sealed class OpenTrackerCollection : ICollectionFixture<OpenTrackerFixture>
{
    public const string Name = "opentracker";
}
