namespace ModularTorrent.Arc.Resilience;

/// <summary>
/// A token bucket on a <see cref="TimeProvider"/>: <c>rate</c> tokens a second, at most
/// <c>capacity</c> saved up. One token is one transaction.
/// </summary>
public sealed class TokenBucketRateLimiter
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private double _rate;
    private double _capacity;
    private double _tokens;
    private long _last;

    /// <summary>Creates a full bucket.</summary>
    /// <param name="time">The clock.</param>
    /// <param name="tokensPerSecond">The refill rate; positive.</param>
    /// <param name="capacity">The most tokens held; at least 1.</param>
    public TokenBucketRateLimiter(TimeProvider time, double tokensPerSecond, int capacity)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        Reconfigure(tokensPerSecond, capacity);
        _tokens = capacity;
        _last = time.GetTimestamp();
    }

    /// <summary>The refill rate, tokens per second.</summary>
    public double TokensPerSecond
    {
        get
        {
            lock (_gate)
            {
                return _rate;
            }
        }
    }

    /// <summary>Changes the rate and capacity at run time.</summary>
    /// <param name="tokensPerSecond">The refill rate; positive.</param>
    /// <param name="capacity">The most tokens held; at least 1.</param>
    public void Reconfigure(double tokensPerSecond, int capacity)
    {
        if (!(tokensPerSecond > 0) || double.IsInfinity(tokensPerSecond))
        {
            throw new ArgumentOutOfRangeException(nameof(tokensPerSecond), tokensPerSecond, "The rate must be a positive number.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        lock (_gate)
        {
            _rate = tokensPerSecond;
            _capacity = capacity;
            _tokens = Math.Min(_tokens, capacity);
        }
    }

    /// <summary>Takes up to <paramref name="max"/> whole tokens if at least one is there; returns how many were taken.</summary>
    /// <param name="max">The most tokens wanted; at least 1.</param>
    /// <param name="wait">When none was taken, how long until one is there.</param>
    public int TryTake(int max, out TimeSpan wait)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        lock (_gate)
        {
            Refill();
            if (_tokens >= 1)
            {
                var taken = (int)Math.Min(max, Math.Floor(_tokens));
                _tokens -= taken;
                wait = TimeSpan.Zero;
                return taken;
            }

            wait = TimeSpan.FromSeconds((1 - _tokens) / _rate);
            return 0;
        }
    }

    /// <summary>Waits until at least one token is there, then takes up to <paramref name="max"/>.</summary>
    /// <param name="max">The most tokens wanted; at least 1.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>How many tokens were taken, from 1 to <paramref name="max"/>.</returns>
    public async ValueTask<int> AcquireAsync(int max, CancellationToken cancellationToken)
    {
        while (true)
        {
            var taken = TryTake(max, out var wait);
            if (taken > 0)
            {
                return taken;
            }

            // Timers on Linux tick about every millisecond; never ask for less, so the loop does not spin.
            await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>How long until <paramref name="count"/> whole tokens (at most the capacity) are there; zero when they already are.</summary>
    /// <param name="count">The tokens wanted.</param>
    public TimeSpan TimeUntil(int count)
    {
        lock (_gate)
        {
            Refill();
            var deficit = Math.Min(count, _capacity) - _tokens;
            return deficit <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(deficit / _rate);
        }
    }

    /// <summary>Waits until at least one whole token is there, without taking it.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                Refill();
                if (_tokens >= 1)
                {
                    return;
                }

                wait = TimeSpan.FromSeconds((1 - _tokens) / _rate);
            }

            await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_last, now).TotalSeconds;
        _last = now;
        if (elapsed > 0)
        {
            _tokens = Math.Min(_capacity, _tokens + (elapsed * _rate));
        }
    }
}
