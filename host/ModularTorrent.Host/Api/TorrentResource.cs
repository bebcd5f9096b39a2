using ModularTorrent.Runtime.Transfers;

namespace ModularTorrent.Host.Api;

/// <summary>A torrent as the API shows it (the same fields stream as deltas on the WebSocket).</summary>
internal sealed record TorrentResource(
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
    long DownloadLimit,
    long UploadLimit,
    string SavePath,
    DateTimeOffset AddedAt,
    DateTimeOffset? CompletedAt,
    string? Handler,
    string? Error)
{
    public static TorrentResource From(TransferSnapshot snapshot)
    {
        var s = snapshot.Status;
        return new TorrentResource(
            s.Id,
            s.Name,
            s.State.ToString().ToLowerInvariant(),
            Math.Round(s.Progress, 4),
            s.TotalBytes,
            s.VerifiedBytes,
            s.DownloadedBytes,
            s.UploadedBytes,
            s.DownloadRate,
            s.UploadRate,
            s.Peers,
            s.Seeds,
            s.PieceCount,
            s.Eta is { } eta ? Math.Round(eta.TotalSeconds) : null,
            s.SelectionPolicy,
            s.Limits.DownloadBytesPerSecond,
            s.Limits.UploadBytesPerSecond,
            snapshot.SavePath,
            snapshot.AddedAt,
            snapshot.CompletedAt,
            snapshot.Handler,
            s.Error);
    }

    /// <summary>The fields as name/value pairs, for WebSocket deltas.</summary>
    public IEnumerable<KeyValuePair<string, object?>> Fields()
    {
        yield return new("name", Name);
        yield return new("state", State);
        yield return new("progress", Progress);
        yield return new("totalBytes", TotalBytes);
        yield return new("verifiedBytes", VerifiedBytes);
        yield return new("downloadedBytes", DownloadedBytes);
        yield return new("uploadedBytes", UploadedBytes);
        yield return new("downloadRate", DownloadRate);
        yield return new("uploadRate", UploadRate);
        yield return new("peers", Peers);
        yield return new("seeds", Seeds);
        yield return new("pieceCount", PieceCount);
        yield return new("etaSeconds", EtaSeconds);
        yield return new("selectionPolicy", SelectionPolicy);
        yield return new("downloadLimit", DownloadLimit);
        yield return new("uploadLimit", UploadLimit);
        yield return new("completedAt", CompletedAt);
        yield return new("handler", Handler);
        yield return new("error", Error);
    }
}
