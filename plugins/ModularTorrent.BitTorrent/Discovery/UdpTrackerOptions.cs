namespace ModularTorrent.BitTorrent.Discovery;

/// <summary>Timing of the UDP tracker protocol (BEP 15).</summary>
/// <remarks>
/// BEP 15 waits <c>15 * 2^n</c> seconds for an answer, retransmitting with n = 0..8 (about an hour
/// and a half in all). The base and the bound are settable so tests, and users who would rather fall
/// back to the next tracker sooner, need not wait that long.
/// </remarks>
public sealed record UdpTrackerOptions
{
    /// <summary>The spec's upper bound for n.</summary>
    public const int SpecMaxRetransmissions = 8;

    private readonly TimeSpan _baseTimeout = TimeSpan.FromSeconds(15);
    private readonly int _maxRetransmissions = SpecMaxRetransmissions;
    private readonly TimeSpan _connectionIdLifetime = TimeSpan.FromMinutes(1);

    /// <summary>The values of the spec: 15 s base, n up to 8, connection ids kept 1 minute.</summary>
    public static UdpTrackerOptions Default { get; } = new();

    /// <summary>The wait for the first answer (the 15 of <c>15 * 2^n</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not positive.</exception>
    public TimeSpan BaseTimeout
    {
        get => _baseTimeout;
        init => _baseTimeout = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), "The base timeout must be positive.");
    }

    /// <summary>The largest n: a request is sent at most <c>MaxRetransmissions + 1</c> times. From 0 to 8.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside 0-8.</exception>
    public int MaxRetransmissions
    {
        get => _maxRetransmissions;
        init => _maxRetransmissions = value is >= 0 and <= SpecMaxRetransmissions
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), $"n is bounded to 0-{SpecMaxRetransmissions} by BEP 15.");
    }

    /// <summary>How long a connection id is used before connecting again (1 minute in BEP 15).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not positive.</exception>
    public TimeSpan ConnectionIdLifetime
    {
        get => _connectionIdLifetime;
        init => _connectionIdLifetime = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), "The lifetime must be positive.");
    }

    /// <summary>The wait for attempt <paramref name="n"/>: <c>BaseTimeout * 2^n</c>.</summary>
    /// <param name="n">From 0 to <see cref="MaxRetransmissions"/>.</param>
    public TimeSpan TimeoutFor(int n) => BaseTimeout * (1 << Math.Clamp(n, 0, SpecMaxRetransmissions));
}
