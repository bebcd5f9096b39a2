namespace ModularTorrent.BitTorrent.Torrents;

/// <summary>
/// A byte-rate limiter. Consumers take tokens and, when the bucket runs dry, wait for the debt to refill,
/// which holds back reads (TCP then throttles the sender) or sends. A rate of 0 means unlimited.
/// </summary>
internal sealed class TokenBucket
{
    private readonly TimeProvider _clock;
    private readonly Lock _lock = new();
    private long _rate;
    private double _tokens;
    private long _lastTimestamp;

    public TokenBucket(TimeProvider clock, long bytesPerSecond)
    {
        _clock = clock;
        _lastTimestamp = clock.GetTimestamp();
        SetRate(bytesPerSecond);
    }

    public long Rate => Interlocked.Read(ref _rate);

    public void SetRate(long bytesPerSecond)
    {
        lock (_lock)
        {
            Interlocked.Exchange(ref _rate, Math.Max(0, bytesPerSecond));
            _tokens = Math.Min(_tokens, Capacity);
        }
    }

    // Half a second of burst keeps the average tight while letting a 16 KiB block through at low rates.
    private double Capacity => Math.Max(_rate / 2.0, 16 * 1024);

    public ValueTask ConsumeAsync(int bytes, CancellationToken cancellationToken)
    {
        if (Interlocked.Read(ref _rate) == 0)
        {
            return ValueTask.CompletedTask;
        }

        TimeSpan wait;
        lock (_lock)
        {
            var now = _clock.GetTimestamp();
            _tokens = Math.Min(Capacity, _tokens + (_clock.GetElapsedTime(_lastTimestamp, now).TotalSeconds * _rate));
            _lastTimestamp = now;
            _tokens -= bytes;
            if (_tokens >= 0)
            {
                return ValueTask.CompletedTask;
            }

            wait = TimeSpan.FromSeconds(-_tokens / _rate);
        }

        return new ValueTask(Task.Delay(wait, _clock, cancellationToken));
    }
}
