using System.Net;

namespace ModularTorrent.BitTorrent.Dht;

/// <summary>
/// A token bucket per source IP for the queries we answer: a flooding address gets silence, not replies
/// (which would make us an amplifier). Tracks a bounded number of addresses. Thread-safe.
/// </summary>
public sealed class SourceRateLimiter
{
    private readonly Dictionary<IPAddress, (double Tokens, long Stamp)> _buckets = [];
    private readonly TimeProvider _time;
    private readonly double _perSecond;
    private readonly double _burst;
    private readonly int _maxSources;
    private readonly Lock _gate = new();

    /// <summary>Allows <paramref name="perSecond"/> queries per second per IP with bursts of <paramref name="burst"/>.</summary>
    public SourceRateLimiter(TimeProvider time, double perSecond, double burst, int maxSources = 10_000)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _perSecond = perSecond;
        _burst = burst;
        _maxSources = maxSources;
    }

    /// <summary>True when <paramref name="source"/> may be answered now (and spends one token).</summary>
    public bool TryAcquire(IPAddress source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            if (!_buckets.TryGetValue(source, out var bucket))
            {
                if (_buckets.Count >= _maxSources)
                {
                    // Forget full buckets: they are idle sources that would be allowed again anyway.
                    foreach (var (address, state) in _buckets.ToList())
                    {
                        if (Refill(state, now) >= _burst)
                        {
                            _buckets.Remove(address);
                        }
                    }

                    if (_buckets.Count >= _maxSources)
                    {
                        return false;
                    }
                }

                bucket = (_burst, now);
            }

            var tokens = Refill(bucket, now);
            if (tokens < 1)
            {
                _buckets[source] = (tokens, now);
                return false;
            }

            _buckets[source] = (tokens - 1, now);
            return true;
        }
    }

    private double Refill((double Tokens, long Stamp) bucket, long now) =>
        Math.Min(_burst, bucket.Tokens + (_time.GetElapsedTime(bucket.Stamp, now).TotalSeconds * _perSecond));
}
