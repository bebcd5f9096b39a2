using System.Net;

namespace ModularTorrent.BitTorrent.Discovery;

/// <summary>What a tracker answered to an announce.</summary>
/// <param name="Interval">How long to wait before the next regular announce.</param>
/// <param name="MinInterval">The tracker's floor for announces, when it sends one.</param>
/// <param name="Peers">Peers in the swarm (IPv4 and IPv6).</param>
/// <param name="Seeders">Peers with the whole torrent, when reported.</param>
/// <param name="Leechers">Peers still downloading, when reported.</param>
/// <param name="TrackerId">The id the tracker asks to be sent back on later announces (HTTP only).</param>
/// <param name="Warning">A warning the tracker sent along with a successful answer.</param>
public sealed record AnnounceResponse(
    TimeSpan Interval,
    TimeSpan? MinInterval,
    IReadOnlyList<IPEndPoint> Peers,
    int? Seeders,
    int? Leechers,
    string? TrackerId,
    string? Warning);
