namespace ModularTorrent.BitTorrent.Storage;

/// <summary>The part of a torrent byte range that falls in one file.</summary>
/// <param name="FileIndex">Index of the file in the torrent.</param>
/// <param name="FileOffset">Offset inside that file.</param>
/// <param name="Length">Bytes in this file.</param>
/// <param name="BufferOffset">Offset of this slice within the mapped range.</param>
public readonly record struct FileSlice(int FileIndex, long FileOffset, int Length, int BufferOffset);
