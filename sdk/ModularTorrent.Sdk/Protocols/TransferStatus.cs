namespace ModularTorrent.Sdk.Protocols;

/// <summary>A snapshot of a transfer's status.</summary>
public sealed record TransferStatus
{
    /// <summary>The transfer id.</summary>
    public required string Id { get; init; }

    /// <summary>The display name.</summary>
    public required string Name { get; init; }

    /// <summary>The state.</summary>
    public required TransferState State { get; init; }

    /// <summary>Verified fraction of the wanted data, 0 to 1.</summary>
    public double Progress { get; init; }

    /// <summary>Total size in bytes (0 while metadata is unknown).</summary>
    public long TotalBytes { get; init; }

    /// <summary>Verified bytes.</summary>
    public long VerifiedBytes { get; init; }

    /// <summary>Bytes received in this session, including wasted ones.</summary>
    public long DownloadedBytes { get; init; }

    /// <summary>Bytes sent in this session.</summary>
    public long UploadedBytes { get; init; }

    /// <summary>Bytes per second received.</summary>
    public long DownloadRate { get; init; }

    /// <summary>Bytes per second sent.</summary>
    public long UploadRate { get; init; }

    /// <summary>Connected peers.</summary>
    public int Peers { get; init; }

    /// <summary>Connected peers that have everything.</summary>
    public int Seeds { get; init; }

    /// <summary>The number of pieces (0 while metadata is unknown).</summary>
    public int PieceCount { get; init; }

    /// <summary>Estimated time to completion, when downloading.</summary>
    public TimeSpan? Eta { get; init; }

    /// <summary>The piece-selection policy in use.</summary>
    public string? SelectionPolicy { get; init; }

    /// <summary>The current rate limits.</summary>
    public RateLimits Limits { get; init; } = RateLimits.None;

    /// <summary>The error, when <see cref="State"/> is <see cref="TransferState.Error"/>.</summary>
    public string? Error { get; init; }
}
