namespace ModularTorrent.Sdk.Protocols;

/// <summary>What to transfer, where to, and how.</summary>
/// <param name="Source">Where the transfer comes from.</param>
/// <param name="SavePath">The folder the data is written to.</param>
public sealed record TransferRequest(TransferSource Source, string SavePath)
{
    /// <summary>The piece-selection policy by name; <see langword="null"/> for the handler's default.</summary>
    public string? SelectionPolicy { get; init; }

    /// <summary>Add the transfer without starting it.</summary>
    public bool StartPaused { get; init; }

    /// <summary>Priorities by file index; files not named are <see cref="FilePriority.Normal"/>.</summary>
    public IReadOnlyDictionary<int, FilePriority>? FilePriorities { get; init; }

    /// <summary>Rate limits for this transfer.</summary>
    public RateLimits? Limits { get; init; }

    /// <summary>Peers to connect to directly, as <c>host:port</c>.</summary>
    public IReadOnlyList<string> Peers { get; init; } = [];

    /// <summary>The payment strategy by name; <see langword="null"/> for none.</summary>
    public string? PaymentStrategy { get; init; }
}
