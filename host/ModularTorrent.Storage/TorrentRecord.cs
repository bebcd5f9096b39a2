using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.Storage;

/// <summary>A torrent (or other transfer) the host knows, as stored in the <c>torrents</c> table.</summary>
/// <remarks>Times are stored with millisecond precision.</remarks>
public sealed record TorrentRecord
{
    /// <summary>The transfer id, the primary key (at most 200 characters).</summary>
    public required string Id { get; init; }

    /// <summary>The info-hash in lower-case hex (40 digits for v1, 64 for v2), or <see langword="null"/> for transfers that have none.</summary>
    public string? InfoHash { get; init; }

    /// <summary>The display name.</summary>
    public required string Name { get; init; }

    /// <summary>The source URI (magnet link, http URL) when the transfer came from one.</summary>
    public string? SourceUri { get; init; }

    /// <summary>The metainfo (.torrent) bytes when known. At least one of this and <see cref="SourceUri"/> is set.</summary>
    public byte[]? Metainfo { get; init; }

    /// <summary>The folder the data is written to.</summary>
    public required string SavePath { get; init; }

    /// <summary>The life-cycle state.</summary>
    public TransferState State { get; init; } = TransferState.Waiting;

    /// <summary>The piece-selection policy by name, or <see langword="null"/> for the handler's default.</summary>
    public string? SelectionPolicy { get; init; }

    /// <summary>The payment strategy by name, or <see langword="null"/> for none.</summary>
    public string? PaymentStrategy { get; init; }

    /// <summary>Rate limits; 0 means unlimited.</summary>
    public RateLimits Limits { get; init; } = RateLimits.None;

    /// <summary>When the transfer was added.</summary>
    public DateTimeOffset AddedAt { get; init; }

    /// <summary>When the download completed, or <see langword="null"/>.</summary>
    public DateTimeOffset? CompletedAt { get; init; }
}
