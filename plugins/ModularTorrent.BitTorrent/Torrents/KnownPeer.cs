using System.Net;

namespace ModularTorrent.BitTorrent.Torrents;

/// <summary>A peer address learnt from the request, a tracker, the DHT, PEX, LSD or an incoming connection, with its connect history (a torrent's peer list, and the candidates a magnet asks for its metadata).</summary>
internal sealed class KnownPeer(IPEndPoint endPoint, PeerSource source)
{
    public IPEndPoint EndPoint { get; } = endPoint;

    /// <summary>Who named the address first (a later source naming it again does not change it).</summary>
    public PeerSource Source { get; } = source;

    public bool Connecting { get; set; }

    public bool Connected { get; set; }

    public int Failures { get; set; }

    public long NextAttemptAt { get; set; }
}
