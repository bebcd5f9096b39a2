namespace ModularTorrent.Interop.Tests;

/// <summary>One of libtorrent's peer connections as the driver reports it (with <c>--dht-bootstrap</c>, <c>--lsd</c> or <c>--encryption</c>).</summary>
/// <param name="Port">The peer's port.</param>
/// <param name="Source">Where libtorrent learnt of the peer: bits 1 tracker, 2 DHT, 4 PEX, 8 LSD.</param>
/// <param name="Outgoing">Whether libtorrent dialed the peer.</param>
public sealed record LibtorrentConnection(int Port, int Source, bool Outgoing)
{
    public const int FromDht = 2;
    public const int FromLsd = 8;

    public bool FoundThroughDht => (Source & FromDht) != 0;

    public bool FoundThroughLsd => (Source & FromLsd) != 0;
}
