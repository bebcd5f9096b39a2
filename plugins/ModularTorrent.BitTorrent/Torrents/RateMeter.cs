namespace ModularTorrent.BitTorrent.Torrents;

/// <summary>Counts bytes from any thread and turns them into a smoothed bytes-per-second rate on each tick.</summary>
internal sealed class RateMeter
{
    private long _pending;
    private long _total;
    private double _rate;

    /// <summary>Smoothed rate in bytes per second.</summary>
    public long Rate => (long)Volatile.Read(ref _rate);

    /// <summary>All bytes ever counted.</summary>
    public long Total => Interlocked.Read(ref _total);

    public void Add(long bytes)
    {
        Interlocked.Add(ref _pending, bytes);
        Interlocked.Add(ref _total, bytes);
    }

    /// <summary>Folds the bytes counted since the last tick into the rate (exponential moving average, ~3 s horizon).</summary>
    public void Tick(TimeSpan elapsed)
    {
        var bytes = Interlocked.Exchange(ref _pending, 0);
        var seconds = Math.Max(elapsed.TotalSeconds, 0.001);
        var instant = bytes / seconds;
        var rate = _rate;
        Volatile.Write(ref _rate, rate == 0 ? instant : (rate * 0.6) + (instant * 0.4));
    }
}
