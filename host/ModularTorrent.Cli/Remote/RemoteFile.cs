namespace ModularTorrent.Cli.Remote;

/// <summary>One file of a torrent as <c>GET /api/v1/torrents/{infoHash}/files</c> lists it.</summary>
/// <param name="Index">Position in the torrent.</param>
/// <param name="Path">Path inside the torrent.</param>
/// <param name="Length">Size in bytes.</param>
/// <param name="BytesCompleted">Bytes verified.</param>
/// <param name="Priority">skip, low, normal or high.</param>
public sealed record RemoteFile(int Index, string Path, long Length, long BytesCompleted, string? Priority);
