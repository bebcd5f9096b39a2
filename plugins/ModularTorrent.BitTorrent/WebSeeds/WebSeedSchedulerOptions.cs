namespace ModularTorrent.BitTorrent.WebSeeds;

/// <summary>Policy knobs for <see cref="WebSeedScheduler"/>.</summary>
public sealed record WebSeedSchedulerOptions
{
    /// <summary>The defaults.</summary>
    public static WebSeedSchedulerOptions Default { get; } = new();

    /// <summary>A web seed whose pieces fail their SHA-1 this many times is dropped for good.</summary>
    public int MaxHashFailures { get; init; } = 2;

    /// <summary>First back-off after a transport error; doubles with each further consecutive error.</summary>
    public TimeSpan BaseBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest back-off (a server's <c>Retry-After</c> is honoured up to the client's own cap instead).</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A web seed failing this many requests in a row, with no good piece between, is dropped; 0 never drops on errors.</summary>
    public int MaxConsecutiveErrors { get; init; } = 12;

    /// <summary>How long <see cref="WebSeedPeer.RunAsync"/> waits before asking again when there is no piece for the seed.</summary>
    public TimeSpan IdleDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// When every wanted piece is already being fetched by peers, let a web seed fetch one of them too (end game).
    /// Off by default: the torrent must then accept a piece that a peer download also holds.
    /// </summary>
    public bool AllowDuplicatesInEndGame { get; init; }
}
