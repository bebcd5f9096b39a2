namespace ModularTorrent.BitTorrent.Metainfo;

/// <summary>Options for <see cref="TorrentCreator"/>.</summary>
public sealed record TorrentCreateOptions
{
    /// <summary>Tracker tiers (BEP 12).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Trackers { get; init; } = [];

    /// <summary>BEP 19 web seeds.</summary>
    public IReadOnlyList<string> WebSeeds { get; init; } = [];

    /// <summary>Piece length; null chooses one from the total size.</summary>
    public int? PieceLength { get; init; }

    /// <summary>BEP 27 private flag.</summary>
    public bool Private { get; init; }

    /// <summary>Optional comment.</summary>
    public string? Comment { get; init; }

    /// <summary>Value of <c>created by</c>.</summary>
    public string CreatedBy { get; init; } = "ModularTorrent 1.0";

    /// <summary>Value of <c>creation date</c>; null omits it (useful for reproducible output).</summary>
    public DateTimeOffset? CreationDate { get; init; }
}
