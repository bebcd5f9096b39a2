using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.Discovery;

/// <summary>What a client tells a tracker about one torrent.</summary>
/// <param name="InfoHash">The torrent.</param>
/// <param name="PeerId">Our 20-byte peer id.</param>
/// <param name="Port">The port our peers can connect to.</param>
/// <param name="Uploaded">Bytes uploaded since the <see cref="AnnounceEvent.Started"/> announce.</param>
/// <param name="Downloaded">Bytes downloaded since the <see cref="AnnounceEvent.Started"/> announce.</param>
/// <param name="Left">Bytes still to download (0 for a seeder).</param>
/// <param name="Event">The event being reported.</param>
/// <param name="NumWant">How many peers we would like; 0 or less lets the tracker choose.</param>
public sealed record AnnounceRequest(
    InfoHash InfoHash,
    ReadOnlyMemory<byte> PeerId,
    int Port,
    long Uploaded,
    long Downloaded,
    long Left,
    AnnounceEvent Event,
    int NumWant)
{
    /// <summary>The length of a BitTorrent peer id.</summary>
    public const int PeerIdLength = 20;

    /// <summary>Checks the fields a tracker cannot accept: an empty info-hash, a peer id not 20 bytes, a port outside 1-65535, negative counters.</summary>
    /// <exception cref="ArgumentException">A field is out of range; the message names it.</exception>
    public void Validate()
    {
        if (InfoHash.IsEmpty)
        {
            throw new ArgumentException("The announce has no info-hash.", nameof(InfoHash));
        }

        if (PeerId.Length != PeerIdLength)
        {
            throw new ArgumentException($"A peer id is {PeerIdLength} bytes, got {PeerId.Length}.", nameof(PeerId));
        }

        if (Port is < 1 or > 65535)
        {
            throw new ArgumentException($"Port {Port} is outside 1-65535.", nameof(Port));
        }

        if (Uploaded < 0 || Downloaded < 0 || Left < 0)
        {
            throw new ArgumentException("Uploaded, Downloaded and Left cannot be negative.", nameof(Left));
        }
    }
}
