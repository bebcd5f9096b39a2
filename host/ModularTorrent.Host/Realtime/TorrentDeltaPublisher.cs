using ModularTorrent.Host.Api;
using ModularTorrent.Runtime.Events;
using ModularTorrent.Sdk.Events;

namespace ModularTorrent.Host.Realtime;

/// <summary>
/// Every 500 ms, compares each torrent with what was last published and publishes only the
/// changed fields (<c>transfer.changed</c>). One publisher for all clients, so the cost does not
/// grow with the number of WebSocket clients, and no torrent changes more often than every 500 ms.
/// </summary>
internal sealed class TorrentDeltaPublisher(TorrentResourceCache cache, EventHub hub, TimeProvider clock, ILogger<TorrentDeltaPublisher> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private readonly Dictionary<string, Dictionary<string, object?>> _last = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _publishedAt = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    PublishChanges();
                }
                catch (Exception ex)
                {
                    logger.LogWarning("Computing torrent deltas failed: {Error}", ex.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    internal void PublishChanges()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var now = clock.GetTimestamp();
        var at = clock.GetUtcNow();
        foreach (var resource in cache.RefreshAll())
        {
            seen.Add(resource.InfoHash);
            // A late timer tick can follow the previous one closely: a torrent published less than
            // the interval ago waits, and its changes accumulate into the next delta.
            if (_publishedAt.TryGetValue(resource.InfoHash, out var last) && clock.GetElapsedTime(last, now) < Interval)
            {
                continue;
            }

            // A torrent seen for the first time is published whole: a client that learned of it
            // through transfer.added may have fetched it before its state moved (a small torrent can
            // finish before the first tick), and must not be left with that stale picture.
            if (!_last.TryGetValue(resource.InfoHash, out var previous))
            {
                previous = new Dictionary<string, object?>(StringComparer.Ordinal);
                _last[resource.InfoHash] = previous;
            }

            Dictionary<string, object?>? changes = null;
            foreach (var (key, value) in resource.Fields())
            {
                if (!previous.TryGetValue(key, out var old) || !Equals(old, value))
                {
                    (changes ??= new Dictionary<string, object?>(StringComparer.Ordinal))[key] = value;
                    previous[key] = value;
                }
            }

            if (changes is not null)
            {
                _publishedAt[resource.InfoHash] = now;
                hub.Publish(new TransferChanged(resource.InfoHash, changes) { Timestamp = at });
            }
        }

        foreach (var gone in _last.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            _last.Remove(gone);
            _publishedAt.Remove(gone);
        }
    }
}
