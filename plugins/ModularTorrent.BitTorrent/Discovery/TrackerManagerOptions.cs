namespace ModularTorrent.BitTorrent.Discovery;

/// <summary>Settings of a <see cref="TrackerManager"/>.</summary>
public sealed record TrackerManagerOptions
{
    /// <summary>The defaults.</summary>
    public static TrackerManagerOptions Default { get; } = new();

    /// <summary>Timing of UDP trackers (BEP 15 values by default).</summary>
    public UdpTrackerOptions Udp { get; init; } = UdpTrackerOptions.Default;

    /// <summary>Limits of HTTP(S) trackers.</summary>
    public HttpTrackerOptions Http { get; init; } = HttpTrackerOptions.Default;

    /// <summary>The shortest wait between announces, whatever a tracker says: a tracker asking for 0 s must not be hammered.</summary>
    public TimeSpan MinimumInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait before trying again when no tracker answered.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>A seed for the one-time shuffle of each tier, for reproducible tests; null for a random order.</summary>
    public int? ShuffleSeed { get; init; }
}
