namespace ModularTorrent.Sdk.Protocols;

/// <summary>The life cycle of a transfer.</summary>
public enum TransferState
{
    /// <summary>Waiting for its metadata (a magnet link).</summary>
    Metadata = 1,

    /// <summary>Checking data already on disk.</summary>
    Checking = 2,

    /// <summary>Downloading.</summary>
    Downloading = 3,

    /// <summary>Complete and uploading to others.</summary>
    Seeding = 4,

    /// <summary>Paused by the user.</summary>
    Paused = 5,

    /// <summary>Stopped on an error.</summary>
    Error = 6,

    /// <summary>Stopped for good.</summary>
    Stopped = 7,

    /// <summary>Known to the host, but no loaded handler runs it (its plugin is unloaded).</summary>
    Waiting = 8,
}
