using System.Buffers;
using System.Buffers.Binary;

namespace ModularTorrent.BitTorrent.Wire;

/// <summary>Encodes peer messages straight into an <see cref="IBufferWriter{T}"/> (a pipe), without intermediate arrays.</summary>
public static class MessageWriter
{
    /// <summary>Length of the header that precedes a block in a piece message.</summary>
    public const int PieceHeaderLength = 13;

    /// <summary>A zero-length keep-alive.</summary>
    public static void WriteKeepAlive(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.GetSpan(4)[..4].Clear();
        output.Advance(4);
    }

    /// <summary>A message with no payload (choke, unchoke, interested, not interested, have all, have none).</summary>
    public static void WriteSimple(IBufferWriter<byte> output, MessageId id)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(5);
        BinaryPrimitives.WriteInt32BigEndian(span, 1);
        span[4] = (byte)id;
        output.Advance(5);
    }

    /// <summary>A message with one index (have, suggest, allowed fast).</summary>
    public static void WriteIndex(IBufferWriter<byte> output, MessageId id, int index)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(9);
        BinaryPrimitives.WriteInt32BigEndian(span, 5);
        span[4] = (byte)id;
        BinaryPrimitives.WriteInt32BigEndian(span[5..], index);
        output.Advance(9);
    }

    /// <summary>A block reference (request, cancel, reject).</summary>
    public static void WriteBlock(IBufferWriter<byte> output, MessageId id, int index, int begin, int length)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(17);
        BinaryPrimitives.WriteInt32BigEndian(span, 13);
        span[4] = (byte)id;
        BinaryPrimitives.WriteInt32BigEndian(span[5..], index);
        BinaryPrimitives.WriteInt32BigEndian(span[9..], begin);
        BinaryPrimitives.WriteInt32BigEndian(span[13..], length);
        output.Advance(17);
    }

    /// <summary>A bitfield message.</summary>
    public static void WriteBitfield(IBufferWriter<byte> output, ReadOnlySpan<byte> bitfield)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(5 + bitfield.Length);
        BinaryPrimitives.WriteInt32BigEndian(span, 1 + bitfield.Length);
        span[4] = (byte)MessageId.Bitfield;
        bitfield.CopyTo(span[5..]);
        output.Advance(5 + bitfield.Length);
    }

    /// <summary>
    /// Writes the 13-byte piece header into <paramref name="destination"/>; the block follows it in the same
    /// buffer, so the sender reads file data directly behind the header (one copy: disk to socket buffer).
    /// </summary>
    public static void WritePieceHeader(Span<byte> destination, int index, int begin, int blockLength)
    {
        BinaryPrimitives.WriteInt32BigEndian(destination, 9 + blockLength);
        destination[4] = (byte)MessageId.Piece;
        BinaryPrimitives.WriteInt32BigEndian(destination[5..], index);
        BinaryPrimitives.WriteInt32BigEndian(destination[9..], begin);
    }

    /// <summary>A BEP 10 extended message.</summary>
    public static void WriteExtended(IBufferWriter<byte> output, byte extendedId, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(6 + payload.Length);
        BinaryPrimitives.WriteInt32BigEndian(span, 2 + payload.Length);
        span[4] = (byte)MessageId.Extended;
        span[5] = extendedId;
        payload.CopyTo(span[6..]);
        output.Advance(6 + payload.Length);
    }
}
