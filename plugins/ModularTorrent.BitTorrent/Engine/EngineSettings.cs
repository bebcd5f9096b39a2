using System.Net;

namespace ModularTorrent.BitTorrent.Engine;

/// <summary>Engine-wide settings. Rates are bytes per second, 0 = unlimited.</summary>
public sealed record EngineSettings
{
    /// <summary>Address the listener binds to.</summary>
    public IPAddress ListenAddress { get; init; } = IPAddress.Any;

    /// <summary>TCP port for incoming peers; 0 picks an ephemeral port (see <see cref="BitTorrentEngine.ListenPort"/>).</summary>
    public int ListenPort { get; init; } = 6881;

    /// <summary>Whether to accept incoming connections at all.</summary>
    public bool AcceptIncoming { get; init; } = true;

    /// <summary>
    /// Whether to dial the peers that trackers, the DHT, PEX and LSD report. False makes the engine passive: it still
    /// announces itself everywhere and serves whoever connects, but opens no connection of its own (a seed box that
    /// only answers, or a node that must not originate traffic).
    /// </summary>
    public bool DialPeers { get; init; } = true;

    /// <summary>Peer connections across all torrents.</summary>
    public int MaxConnections { get; init; } = 200;

    /// <summary>Peer connections per torrent.</summary>
    public int MaxConnectionsPerTorrent { get; init; } = 50;

    /// <summary>Global download limit.</summary>
    public long DownloadLimit { get; init; }

    /// <summary>Global upload limit.</summary>
    public long UploadLimit { get; init; }

    /// <summary>Regular unchoke slots per torrent (one optimistic slot comes on top).</summary>
    public int UploadSlots { get; init; } = 4;

    /// <summary>How often resume data of a changing torrent is saved.</summary>
    public TimeSpan ResumeSaveInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed for a TCP connect plus handshake.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Name sent in the extension handshake (<c>v</c>).</summary>
    public string ClientName { get; init; } = "ModularTorrent 1.0";

    /// <summary>
    /// Mainline DHT (BEP 5) on UDP at the listen address and port; null (the default) keeps the DHT off.
    /// Its <c>BootstrapNodes</c> are joined at start.
    /// </summary>
    public Dht.DhtSettings? Dht { get; init; }

    /// <summary>
    /// BEP 14 local service discovery: public torrents are announced to, and peers learnt from, the multicast group on
    /// the settings' interface. Null (the default) keeps LSD off. Needs the listener (<see cref="AcceptIncoming"/>).
    /// </summary>
    public Lsd.LsdSettings? Lsd { get; init; }

    /// <summary>
    /// Message stream encryption (MSE/PE). Null or <c>Disabled</c>: plain connections only. <c>Enabled</c>: outgoing
    /// connections try RC4 first and fall back to plain; incoming ones may be either. <c>Required</c>: RC4 only.
    /// </summary>
    public Encryption.MseSettings? Encryption { get; init; }

    /// <summary>A peer that has sent bad data this many times is banned even if it cannot be singled out.</summary>
    public int MaxHashFailuresPerPeer { get; init; } = 3;
}
