namespace ModularTorrent.BitTorrent.Torrents;

/// <summary>Where we first heard of a peer's address; shown in the peer flags (as qBittorrent and libtorrent do).</summary>
internal enum PeerSource
{
    /// <summary>Named by the user: the add request's peers or the magnet link's <c>x.pe</c>.</summary>
    Given,

    /// <summary>A tracker's announce answer.</summary>
    Tracker,

    /// <summary>A DHT <c>get_peers</c> lookup (BEP 5), flag <c>H</c>.</summary>
    Dht,

    /// <summary>A connected peer's <c>ut_pex</c> message (BEP 11), flag <c>X</c>.</summary>
    Pex,

    /// <summary>A local service discovery announcement (BEP 14), flag <c>L</c>.</summary>
    Lsd,

    /// <summary>It connected to us before; we remember the listen port it advertised (BEP 10 <c>p</c>).</summary>
    Incoming,
}
