namespace ModularTorrent.Host.Api;

/// <summary>JSON body of <c>POST /api/v1/torrents</c>: exactly one of <see cref="Magnet"/>, <see cref="Url"/>, <see cref="Path"/>.</summary>
internal sealed record AddTorrentBody(
    string? Magnet,
    string? Url,
    string? Path,
    string? SavePath,
    string? SelectionPolicy,
    bool StartPaused,
    Dictionary<string, string>? FilePriorities,
    LimitsBody? Limits,
    string? PaymentStrategy,
    List<string>? Peers);

/// <summary>Rate limits in bytes per second; 0 is unlimited.</summary>
internal sealed record LimitsBody(long? DownloadBytesPerSecond, long? UploadBytesPerSecond);

/// <summary>Body of <c>PATCH /api/v1/torrents/{infoHash}</c>.</summary>
internal sealed record UpdateTorrentBody(string? SelectionPolicy, LimitsBody? Limits);

/// <summary>Body of <c>PATCH /api/v1/torrents/{infoHash}/files</c>: priority by file index (skip, low, normal, high).</summary>
internal sealed record FilePrioritiesBody(Dictionary<string, string>? Priorities);

/// <summary>Body of <c>POST /api/v1/torrents/create</c>.</summary>
internal sealed record CreateTorrentBody(string? Path, List<string>? Trackers, List<string>? WebSeeds, int? PieceLength, bool Private, string? Comment);

/// <summary>Answer of <c>POST /api/v1/torrents/create</c>.</summary>
internal sealed record CreatedTorrent(TorrentResource Torrent, string Magnet, string? Metainfo);

/// <summary>A page of results.</summary>
internal sealed record Page<T>(IReadOnlyList<T> Items, int Total, int Offset, int Limit);

/// <summary>The verified pieces as a bitfield (base64, high bit of byte 0 = piece 0).</summary>
internal sealed record PiecesResource(int PieceCount, int Verified, string Bitfield);

/// <summary>Global numbers.</summary>
internal sealed record StatsResource(int Torrents, IReadOnlyDictionary<string, int> ByState, long DownloadRate, long UploadRate, int Peers, long DownloadedBytes, long UploadedBytes);
