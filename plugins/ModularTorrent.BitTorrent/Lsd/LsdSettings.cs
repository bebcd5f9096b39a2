using System.Net;

namespace ModularTorrent.BitTorrent.Lsd;

/// <summary>BEP 14 local service discovery options.</summary>
public sealed record LsdSettings
{
    /// <summary>The IPv4 multicast group of BEP 14.</summary>
    public IPAddress Group { get; init; } = IPAddress.Parse("239.192.152.143");

    /// <summary>The UDP port of the group (6771; tests use another so they do not meet real clients).</summary>
    public int Port { get; init; } = 6771;

    /// <summary>The local interface to join and send on; null lets the system choose. Tests use 127.0.0.1.</summary>
    public IPAddress? Interface { get; init; }

    /// <summary>Multicast hop limit (1 keeps announces on the local network; 0 keeps them on this host).</summary>
    public int TimeToLive { get; init; } = 1;

    /// <summary>An info-hash is announced at most this often (BEP 14: once per minute).</summary>
    public TimeSpan MinAnnounceInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Tracked torrents are re-announced this often (BEP 14 suggests every 5 minutes).</summary>
    public TimeSpan AnnounceInterval { get; init; } = TimeSpan.FromMinutes(5);
}
