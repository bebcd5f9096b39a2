namespace ModularTorrent.Sdk.Protocols;

/// <summary>A local file or folder to share.</summary>
/// <param name="Path">The file or folder.</param>
public sealed record SeedRequest(string Path)
{
    /// <summary>Tracker announce URLs, one tier each.</summary>
    public IReadOnlyList<string> Trackers { get; init; } = [];

    /// <summary>Web seed URLs (BEP 19).</summary>
    public IReadOnlyList<string> WebSeeds { get; init; } = [];

    /// <summary>The piece length in bytes; <see langword="null"/> chooses one from the total size.</summary>
    public int? PieceLength { get; init; }

    /// <summary>Mark the torrent private (BEP 27).</summary>
    public bool Private { get; init; }

    /// <summary>A free-text comment.</summary>
    public string? Comment { get; init; }
}
