using System.Buffers;

namespace ModularTorrent.BitTorrent.Wire;

/// <summary>
/// One decoded message. <see cref="Payload"/> slices the reader's buffer (no copy) and is valid
/// only until the reader advances past it.
/// </summary>
public readonly struct WireMessage
{
    internal WireMessage(MessageId id, int index, int begin, int length, ReadOnlySequence<byte> payload, byte extendedId = 0)
    {
        Id = id;
        Index = index;
        Begin = begin;
        Length = length;
        Payload = payload;
        ExtendedId = extendedId;
    }

    /// <summary>The message id (<see cref="MessageId.KeepAlive"/> for a zero-length message).</summary>
    public MessageId Id { get; }

    /// <summary>Piece index for have, request, piece, cancel, suggest, reject, allowed-fast; the DHT port for port.</summary>
    public int Index { get; }

    /// <summary>Byte offset within the piece for request, piece, cancel, reject.</summary>
    public int Begin { get; }

    /// <summary>Block length for request, cancel, reject; payload length for piece.</summary>
    public int Length { get; }

    /// <summary>Block data (piece), bitfield bytes (bitfield) or extension payload (extended).</summary>
    public ReadOnlySequence<byte> Payload { get; }

    /// <summary>The extension id of an extended message (0 is the extension handshake).</summary>
    public byte ExtendedId { get; }
}
