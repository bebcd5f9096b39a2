using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.Tests.Discovery;

/// <summary>One real opentracker shared by a test collection, whitelisting a set of random hashes handed out one per test.</summary>
public sealed class OpenTrackerFixture : IAsyncLifetime
{
    private const int HashCount = 16;
    private OpenTrackerProcess? _tracker;
    private int _nextHash;

    public int Port => Tracker.Port;

    public string HttpAnnounceUrl => Tracker.HttpAnnounceUrl;

    public string UdpAnnounceUrl => Tracker.UdpAnnounceUrl;

    /// <summary>The whitelisted hashes.</summary>
    public IReadOnlyList<InfoHash> Hashes { get; } = Enumerable.Range(0, HashCount).Select(_ => TrackerTestData.RandomHash()).ToArray();

    private OpenTrackerProcess Tracker => _tracker ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>A whitelisted hash no other test has used, so swarm state never leaks between tests.</summary>
    public InfoHash TakeHash()
    {
        var i = Interlocked.Increment(ref _nextHash) - 1;
        return i < Hashes.Count ? Hashes[i] : throw new InvalidOperationException($"Only {HashCount} whitelisted hashes; raise HashCount.");
    }

    public async Task InitializeAsync() => _tracker = await OpenTrackerProcess.StartAsync(Hashes);

    public async Task DisposeAsync()
    {
        if (_tracker is not null)
        {
            await _tracker.DisposeAsync();
        }
    }
}
