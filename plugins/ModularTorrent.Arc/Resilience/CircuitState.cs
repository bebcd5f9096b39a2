namespace ModularTorrent.Arc.Resilience;

/// <summary>The state of a <see cref="CircuitBreaker"/>.</summary>
public enum CircuitState
{
    /// <summary>Requests flow.</summary>
    Closed = 0,

    /// <summary>Requests are refused until the cool-down ends.</summary>
    Open = 1,

    /// <summary>The cool-down ended: one probe request is allowed; its outcome closes or re-opens the breaker.</summary>
    HalfOpen = 2,
}
