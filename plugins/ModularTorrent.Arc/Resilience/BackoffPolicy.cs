namespace ModularTorrent.Arc.Resilience;

/// <summary>
/// Exponential back-off with "equal jitter": round <c>n</c> (from 1) waits a random time in
/// [d/2, d] with d = min(max, base·2^(n-1)); the random half spreads retries of many clients apart,
/// the fixed half keeps the growth.
/// </summary>
public sealed class BackoffPolicy
{
    private readonly TimeSpan _base;
    private readonly TimeSpan _max;

    /// <summary>Creates the policy.</summary>
    /// <param name="baseDelay">The ceiling of the first back-off.</param>
    /// <param name="maxDelay">The largest ceiling.</param>
    public BackoffPolicy(TimeSpan baseDelay, TimeSpan maxDelay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(baseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, baseDelay);
        _base = baseDelay;
        _max = maxDelay;
    }

    /// <summary>The ceiling d of back-off number <paramref name="retry"/> (from 1).</summary>
    /// <param name="retry">Which back-off; at least 1.</param>
    public TimeSpan Ceiling(int retry)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retry, 1);
        var exponent = Math.Min(retry - 1, 30);
        var ticks = _base.Ticks * (double)(1L << exponent);
        return ticks >= _max.Ticks ? _max : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>The back-off before retry number <paramref name="retry"/> (from 1), in [d/2, d].</summary>
    /// <param name="retry">Which back-off; at least 1.</param>
    /// <param name="unitRandom">A random value in [0, 1).</param>
    public TimeSpan Delay(int retry, double unitRandom)
    {
        var ceiling = Ceiling(retry).Ticks;
        var half = ceiling / 2;
        return TimeSpan.FromTicks(half + (long)((ceiling - half) * Math.Clamp(unitRandom, 0, 1)));
    }
}
