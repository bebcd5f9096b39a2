using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.Runtime.Transfers;

/// <summary>What an integrator asks to add.</summary>
/// <param name="Source">A magnet link, an http(s) URL of a .torrent, .torrent bytes, or a local path.</param>
public sealed record AddTransferRequest(TransferSource Source)
{
    /// <summary>Where to save; the service's default folder when absent.</summary>
    public string? SavePath { get; init; }

    /// <summary>The piece-selection policy by name.</summary>
    public string? SelectionPolicy { get; init; }

    /// <summary>Add without starting.</summary>
    public bool StartPaused { get; init; }

    /// <summary>Priorities by file index.</summary>
    public IReadOnlyDictionary<int, FilePriority>? FilePriorities { get; init; }

    /// <summary>Rate limits.</summary>
    public RateLimits? Limits { get; init; }

    /// <summary>The payment strategy by name.</summary>
    public string? PaymentStrategy { get; init; }

    /// <summary>Peers to connect to directly (<c>host:port</c>).</summary>
    public IReadOnlyList<string> Peers { get; init; } = [];
}
