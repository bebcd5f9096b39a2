namespace ModularTorrent.BitTorrent.Metainfo;

/// <summary>One file of a torrent, laid out in the torrent's byte stream.</summary>
/// <param name="Index">Position in the file list.</param>
/// <param name="Path">Sanitised relative path with '/' separators, below the torrent's folder (or the name for a single-file torrent).</param>
/// <param name="Length">File length in bytes.</param>
/// <param name="Offset">Offset of the file's first byte in the concatenation of all files.</param>
/// <param name="IsPadding">True for a BEP 47 padding file, which is never written to disk.</param>
public sealed record TorrentFileEntry(int Index, string Path, long Length, long Offset, bool IsPadding = false)
{
    /// <summary>Offset one past the last byte of the file in the torrent's stream.</summary>
    public long End => Offset + Length;
}
