namespace ModularTorrent.BitTorrent.Bencoding;

/// <summary>Bounds applied while decoding so hostile input cannot exhaust the stack or memory.</summary>
public sealed record BencodeLimits
{
    /// <summary>Defaults suited to .torrent files and tracker responses.</summary>
    public static BencodeLimits Default { get; } = new();

    /// <summary>Maximum nesting of lists and dictionaries (the outermost container is depth 1).</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Maximum length of one byte string. The <c>pieces</c> string of a large torrent is the biggest legitimate one.</summary>
    public int MaxStringLength { get; init; } = 64 * 1024 * 1024;

    /// <summary>When true, dictionary keys must be in strictly ascending byte order as BEP 3 requires; duplicates are always rejected.</summary>
    public bool RequireSortedKeys { get; init; }
}
