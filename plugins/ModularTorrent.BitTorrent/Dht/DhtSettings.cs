using System.Globalization;
using System.Net;

namespace ModularTorrent.BitTorrent.Dht;

/// <summary>DHT options. Defaults follow BEP 5; tests shorten the timeouts.</summary>
public sealed record DhtSettings
{
    /// <summary>Our node id; empty picks a random one (or the one restored by <see cref="DhtNode.LoadRoutingTable"/>).</summary>
    public NodeId NodeId { get; init; }

    /// <summary>k: bucket size and how many closest nodes a lookup converges on.</summary>
    public int BucketSize { get; init; } = 8;

    /// <summary>Queries in flight per lookup.</summary>
    public int Alpha { get; init; } = 3;

    /// <summary>How long one query waits for its answer.</summary>
    public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Upper bound of one iterative lookup.</summary>
    public TimeSpan LookupTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Upper bound of queries sent by one lookup.</summary>
    public int MaxLookupQueries { get; init; } = 64;

    /// <summary>Announce tokens change this often; the previous one stays valid.</summary>
    public TimeSpan TokenRotation { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an announced peer is kept.</summary>
    public TimeSpan PeerLifetime { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Info-hashes the peer store holds at most.</summary>
    public int MaxStoredTorrents { get; init; } = 2000;

    /// <summary>Peers per info-hash the store holds at most.</summary>
    public int MaxStoredPeersPerTorrent { get; init; } = 200;

    /// <summary>Peers returned in one <c>get_peers</c> answer (50 fit easily in a datagram).</summary>
    public int MaxPeersPerReply { get; init; } = 50;

    /// <summary>Queries answered per second per source IP.</summary>
    public double QueriesPerSecondPerIp { get; init; } = 20;

    /// <summary>Burst of queries answered per source IP.</summary>
    public double QueryBurstPerIp { get; init; } = 50;

    /// <summary>Larger datagrams are dropped unread.</summary>
    public int MaxMessageSize { get; init; } = 4096;

    /// <summary>Failed queries in a row that make a node bad.</summary>
    public int MaxFailures { get; init; } = 2;

    /// <summary>How often maintenance runs (bucket refresh, pinging questionable nodes, expiry).</summary>
    public TimeSpan MaintenanceInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>A bucket unchanged this long is refreshed with a lookup (15 minutes in BEP 5).</summary>
    public TimeSpan BucketRefreshInterval { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How often an engine with a state store saves the routing table while running (it also saves on a clean stop).</summary>
    public TimeSpan TableSaveInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Nodes to bootstrap from when the table is empty. Empty by default: the host supplies the public routers
    /// (e.g. router.bittorrent.com:6881) from its configuration, and tests never reach outside.
    /// </summary>
    public IReadOnlyList<DnsEndPoint> BootstrapNodes { get; init; } = [];

    /// <summary>
    /// Parses <c>host:port</c> entries from configuration (e.g. <c>router.bittorrent.com:6881</c>, <c>[::1]:6881</c>)
    /// into <see cref="BootstrapNodes"/>.
    /// </summary>
    /// <exception cref="FormatException">An entry has no host or no port 1–65535; the message names the entry.</exception>
    public static IReadOnlyList<DnsEndPoint> ParseBootstrapNodes(IEnumerable<string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var nodes = new List<DnsEndPoint>();
        foreach (var entry in entries)
        {
            var text = entry?.Trim() ?? string.Empty;
            var colon = text.LastIndexOf(':');
            var host = colon > 0 ? text[..colon].Trim('[', ']') : string.Empty;
            if (host.Length == 0
                || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                || port is < 1 or > ushort.MaxValue)
            {
                throw new FormatException($"DHT bootstrap node '{entry}' is not host:port with a port of 1 to 65535.");
            }

            nodes.Add(new DnsEndPoint(host, port));
        }

        return nodes;
    }
}
