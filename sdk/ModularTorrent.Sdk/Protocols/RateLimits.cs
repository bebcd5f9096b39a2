namespace ModularTorrent.Sdk.Protocols;

/// <summary>Transfer rate limits in bytes per second; 0 means unlimited.</summary>
/// <param name="DownloadBytesPerSecond">The download limit.</param>
/// <param name="UploadBytesPerSecond">The upload limit.</param>
public sealed record RateLimits(long DownloadBytesPerSecond, long UploadBytesPerSecond)
{
    /// <summary>No limits.</summary>
    public static RateLimits None { get; } = new(0, 0);
}
