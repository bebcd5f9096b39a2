namespace ModularTorrent.Cli.Remote;

/// <summary>One connected peer as <c>GET /api/v1/torrents/{infoHash}/peers</c> lists it.</summary>
/// <param name="Endpoint">Address and port.</param>
/// <param name="Client">The peer's client, when it said.</param>
/// <param name="Progress">How much of the torrent the peer has, 0 to 1.</param>
/// <param name="DownloadRate">Bytes per second from the peer.</param>
/// <param name="UploadRate">Bytes per second to the peer.</param>
/// <param name="Flags">Connection flags.</param>
public sealed record RemotePeer(string Endpoint, string? Client, double Progress, long DownloadRate, long UploadRate, string? Flags);
