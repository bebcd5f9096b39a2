namespace ModularTorrent.BitTorrent.WebSeeds;

/// <summary>Limits for <see cref="WebSeedClient"/>.</summary>
public sealed record WebSeedClientOptions
{
    /// <summary>The defaults.</summary>
    public static WebSeedClientOptions Default { get; } = new();

    /// <summary>Longest wait for the response headers, and for progress between two reads of the body.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Redirects followed per request (libtorrent follows a handful too).</summary>
    public int MaxRedirects { get; init; } = 5;

    /// <summary>
    /// When a server ignores <c>Range</c> and sends the whole file (200), we read up to the end of the slice we need
    /// and drop the rest; beyond this many bytes from the file start the answer is refused as <see cref="WebSeedErrorKind.TooLarge"/>.
    /// </summary>
    public long MaxWholeFileBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>The <c>User-Agent</c> sent (some servers refuse requests without one); null or empty sends none.</summary>
    public string? UserAgent { get; init; } = "ModularTorrent/1.0";

    /// <summary>Longest <c>Retry-After</c> honoured; a server asking for more gets this much.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(30);
}
