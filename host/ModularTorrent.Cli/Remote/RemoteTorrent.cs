namespace ModularTorrent.Cli.Remote;

/// <summary>A torrent as the host's REST API and event stream show it (<c>TorrentResource</c>).</summary>
/// <param name="InfoHash">Lower-case hex info-hash.</param>
/// <param name="Name">The torrent's name.</param>
/// <param name="State">Lower-case state: metadata, checking, downloading, seeding, paused, error, stopped, waiting.</param>
/// <param name="Progress">Verified fraction, 0 to 1.</param>
/// <param name="TotalBytes">Size of the wanted data.</param>
/// <param name="VerifiedBytes">Bytes verified against their piece hashes.</param>
/// <param name="DownloadedBytes">Bytes received from peers.</param>
/// <param name="UploadedBytes">Bytes sent to peers.</param>
/// <param name="DownloadRate">Bytes per second received.</param>
/// <param name="UploadRate">Bytes per second sent.</param>
/// <param name="Peers">Connected peers.</param>
/// <param name="Seeds">Connected peers that have everything.</param>
/// <param name="PieceCount">Number of pieces.</param>
/// <param name="EtaSeconds">Estimated seconds to completion, when known.</param>
/// <param name="SelectionPolicy">The piece-selection policy, when one is set.</param>
/// <param name="SavePath">The folder on the host.</param>
/// <param name="AddedAt">When it was added.</param>
/// <param name="CompletedAt">When it completed, if it has.</param>
/// <param name="Error">Why it stopped, when its state is error.</param>
public sealed record RemoteTorrent(
    string InfoHash,
    string Name,
    string State,
    double Progress,
    long TotalBytes,
    long VerifiedBytes,
    long DownloadedBytes,
    long UploadedBytes,
    long DownloadRate,
    long UploadRate,
    int Peers,
    int Seeds,
    int PieceCount,
    double? EtaSeconds,
    string? SelectionPolicy,
    string? SavePath,
    DateTimeOffset AddedAt,
    DateTimeOffset? CompletedAt,
    string? Error);
