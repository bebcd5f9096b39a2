namespace ModularTorrent.BitTorrent.Discovery;

/// <summary>Limits for HTTP(S) tracker requests.</summary>
public sealed record HttpTrackerOptions
{
    /// <summary>The defaults: 30 s per request, answers up to 1 MiB.</summary>
    public static HttpTrackerOptions Default { get; } = new();

    /// <summary>How long one request may take, connection included.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest answer accepted; a tracker answer is a few KiB, so more is refused unread.</summary>
    public int MaxResponseBytes { get; init; } = 1024 * 1024;
}
