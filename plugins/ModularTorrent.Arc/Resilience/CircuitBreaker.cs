namespace ModularTorrent.Arc.Resilience;

/// <summary>
/// A per-endpoint circuit breaker: opens after <c>threshold</c> consecutive failures, lets one
/// probe through after the cool-down (half-open), closes on the probe's success and re-opens on
/// its failure. Thread-safe; time comes from the <see cref="TimeProvider"/> so tests drive it.
/// </summary>
public sealed class CircuitBreaker
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly int _threshold;
    private readonly TimeSpan _cooldown;
    private CircuitState _state = CircuitState.Closed;
    private int _consecutiveFailures;
    private long _openedAt;
    private bool _probeInFlight;

    /// <summary>Creates a closed breaker.</summary>
    /// <param name="time">The clock.</param>
    /// <param name="threshold">Consecutive failures that open it; at least 1.</param>
    /// <param name="cooldown">How long it stays open before a probe.</param>
    public CircuitBreaker(TimeProvider time, int threshold, TimeSpan cooldown)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        _time = time;
        _threshold = threshold;
        _cooldown = cooldown;
    }

    /// <summary>The state now; an open breaker whose cool-down has passed reads as half-open.</summary>
    public CircuitState State
    {
        get
        {
            lock (_gate)
            {
                return _state == CircuitState.Open && CooledDown() ? CircuitState.HalfOpen : _state;
            }
        }
    }

    /// <summary>Consecutive failures since the last success.</summary>
    public int ConsecutiveFailures
    {
        get
        {
            lock (_gate)
            {
                return _consecutiveFailures;
            }
        }
    }

    /// <summary>
    /// Asks to send one request. Closed: yes. Open: no, until the cool-down passes; then it turns
    /// half-open and exactly one caller gets <see langword="true"/> (the probe) until that probe reports.
    /// </summary>
    public bool TryAcquire()
    {
        lock (_gate)
        {
            switch (_state)
            {
                case CircuitState.Closed:
                    return true;
                case CircuitState.Open when CooledDown():
                    _state = CircuitState.HalfOpen;
                    _probeInFlight = true;
                    return true;
                case CircuitState.HalfOpen when !_probeInFlight:
                    _probeInFlight = true;
                    return true;
                default:
                    return false;
            }
        }
    }

    /// <summary>Reports a success: the breaker closes.</summary>
    public void RecordSuccess()
    {
        lock (_gate)
        {
            _consecutiveFailures = 0;
            _probeInFlight = false;
            _state = CircuitState.Closed;
        }
    }

    /// <summary>Reports a failure: a failed probe re-opens the breaker; enough failures in a row open it.</summary>
    public void RecordFailure()
    {
        lock (_gate)
        {
            _consecutiveFailures++;
            if (_state == CircuitState.HalfOpen || _consecutiveFailures >= _threshold)
            {
                _state = CircuitState.Open;
                _openedAt = _time.GetTimestamp();
            }

            _probeInFlight = false;
        }
    }

    /// <summary>Gives back a permission that was not used (the request never left), so a probe slot is not lost.</summary>
    public void Release()
    {
        lock (_gate)
        {
            _probeInFlight = false;
        }
    }

    private bool CooledDown() => _time.GetElapsedTime(_openedAt) >= _cooldown;
}
