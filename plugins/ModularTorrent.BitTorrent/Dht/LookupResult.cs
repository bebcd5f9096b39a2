using System.Net;

namespace ModularTorrent.BitTorrent.Dht;

/// <summary>The outcome of an iterative lookup.</summary>
/// <param name="Closest">The closest nodes that answered, closest first, with the announce token each gave (get_peers only).</param>
/// <param name="Peers">Peers found in <c>values</c> (get_peers only), without duplicates.</param>
/// <param name="QueriesSent">Queries the lookup sent.</param>
internal sealed record LookupResult(IReadOnlyList<(DhtContact Node, ReadOnlyMemory<byte>? Token)> Closest, IReadOnlyList<IPEndPoint> Peers, int QueriesSent);
