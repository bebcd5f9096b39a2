using System.Buffers;
using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.Wire;

/// <summary>The 68-byte BitTorrent handshake and the capabilities announced in its reserved bytes.</summary>
/// <param name="InfoHash">The torrent.</param>
/// <param name="PeerId">The sender's 20-byte peer id.</param>
/// <param name="SupportsExtensions">BEP 10 (reserved byte 5, bit 0x10).</param>
/// <param name="SupportsFast">BEP 6 (reserved byte 7, bit 0x04).</param>
public readonly record struct Handshake(InfoHash InfoHash, ReadOnlyMemory<byte> PeerId, bool SupportsExtensions, bool SupportsFast)
{
    /// <summary>Handshake length in bytes.</summary>
    public const int Length = 68;

    /// <summary>Bytes up to and including the info-hash: enough for a listener to route the connection.</summary>
    public const int InfoHashEnd = 48;

    private static ReadOnlySpan<byte> Protocol => "\u0013BitTorrent protocol"u8;

    /// <summary>Writes the handshake into <paramref name="destination"/> (at least 68 bytes).</summary>
    public void WriteTo(Span<byte> destination)
    {
        if (PeerId.Length != 20)
        {
            throw new InvalidOperationException("A peer id is 20 bytes.");
        }

        Protocol.CopyTo(destination);
        var reserved = destination.Slice(20, 8);
        reserved.Clear();
        if (SupportsExtensions)
        {
            reserved[5] |= 0x10;
        }

        if (SupportsFast)
        {
            reserved[7] |= 0x04;
        }

        InfoHash.AsSpan().CopyTo(destination[28..]);
        PeerId.Span.CopyTo(destination[48..]);
    }

    /// <summary>Parses the first 48 bytes (protocol, reserved, info-hash); the peer id follows.</summary>
    /// <exception cref="PeerProtocolException">Not a BitTorrent handshake.</exception>
    public static (InfoHash InfoHash, bool Extensions, bool Fast) ParseHeader(ReadOnlySequence<byte> data)
    {
        Span<byte> buffer = stackalloc byte[InfoHashEnd];
        data.Slice(0, InfoHashEnd).CopyTo(buffer);
        if (!buffer[..20].SequenceEqual(Protocol))
        {
            throw new PeerProtocolException("The handshake does not start with 'BitTorrent protocol'.");
        }

        return (new InfoHash(buffer.Slice(28, 20)), (buffer[25] & 0x10) != 0, (buffer[27] & 0x04) != 0);
    }
}
