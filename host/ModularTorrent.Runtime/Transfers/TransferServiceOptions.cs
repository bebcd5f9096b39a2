namespace ModularTorrent.Runtime.Transfers;

/// <summary>Settings of the transfer service (configuration section <c>Transfers</c>).</summary>
public sealed class TransferServiceOptions
{
    /// <summary>Where downloads go when a request names no folder.</summary>
    public string DefaultSavePath { get; set; } = "downloads";

    /// <summary>The largest .torrent accepted from a URL.</summary>
    public int MaxMetainfoBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>How long fetching a .torrent URL may take.</summary>
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
