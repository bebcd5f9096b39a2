namespace ModularTorrent.Cli.Remote;

/// <summary>A page of <c>GET /api/v1/torrents</c>.</summary>
/// <param name="Items">The torrents on this page.</param>
/// <param name="Total">How many match in all.</param>
/// <param name="Offset">Where the page starts.</param>
/// <param name="Limit">The page size asked for.</param>
public sealed record TorrentPage(IReadOnlyList<RemoteTorrent> Items, int Total, int Offset, int Limit);
