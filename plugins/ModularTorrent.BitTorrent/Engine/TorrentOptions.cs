using System.Net;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.BitTorrent.Engine;

/// <summary>How to run one torrent.</summary>
/// <param name="SavePath">Folder the torrent's files live in (multi-file torrents get a sub-folder named after the torrent).</param>
public sealed record TorrentOptions(string SavePath)
{
    /// <summary>Name of the <see cref="Sdk.Pieces.IPieceSelectionPolicy"/> to use; null is "rarest-first".</summary>
    public string? SelectionPolicy { get; init; }

    /// <summary>Add the torrent paused.</summary>
    public bool StartPaused { get; init; }

    /// <summary>Priorities by file index; missing files are Normal.</summary>
    public IReadOnlyDictionary<int, FilePriority>? FilePriorities { get; init; }

    /// <summary>Per-torrent rate limits.</summary>
    public RateLimits? Limits { get; init; }

    /// <summary>Peers to connect to directly.</summary>
    public IReadOnlyList<IPEndPoint> Peers { get; init; } = [];

    /// <summary>Name of the <see cref="Sdk.Payments.IPaymentStrategy"/> told of every block; null for none.</summary>
    public string? PaymentStrategy { get; init; }

    /// <summary>Transfer id; null uses the info-hash in hex.</summary>
    public string? Id { get; init; }
}
