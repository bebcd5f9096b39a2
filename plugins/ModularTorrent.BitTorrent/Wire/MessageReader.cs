using System.Buffers;
using System.Buffers.Binary;

namespace ModularTorrent.BitTorrent.Wire;

/// <summary>
/// Decodes length-prefixed peer messages from a pipe buffer. Fixed-size messages are checked for their
/// exact length; variable ones against <see cref="WireLimits"/>. Payloads are slices, never copies.
/// </summary>
public static class MessageReader
{
    /// <summary>Decodes one message from the front of <paramref name="buffer"/> and slices it off.</summary>
    /// <returns>False if the buffer does not yet hold a whole message.</returns>
    /// <exception cref="PeerProtocolException">The message breaks the protocol; the connection must be dropped.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, WireLimits limits, out WireMessage message)
    {
        message = default;
        if (buffer.Length < 4)
        {
            return false;
        }

        var length = ReadUInt32(buffer, 0);
        if (length == 0)
        {
            message = new WireMessage(MessageId.KeepAlive, 0, 0, 0, default);
            buffer = buffer.Slice(4);
            return true;
        }

        if (length > (uint)limits.MaxMessageLength)
        {
            throw new PeerProtocolException($"Message length {length} exceeds the limit of {limits.MaxMessageLength}.");
        }

        if (buffer.Length < 4 + length)
        {
            return false;
        }

        var body = buffer.Slice(4, length);
        var id = (MessageId)FirstByte(body);
        message = Decode(id, body, (int)length, limits);
        buffer = buffer.Slice(4 + length);
        return true;
    }

    private static WireMessage Decode(MessageId id, ReadOnlySequence<byte> body, int length, WireLimits limits)
    {
        switch (id)
        {
            case MessageId.Choke or MessageId.Unchoke or MessageId.Interested or MessageId.NotInterested
                or MessageId.HaveAll or MessageId.HaveNone:
                ExpectLength(id, length, 1);
                return new WireMessage(id, 0, 0, 0, default);
            case MessageId.Have or MessageId.Suggest or MessageId.AllowedFast:
                ExpectLength(id, length, 5);
                return new WireMessage(id, CheckIndex(id, ReadInt32(body, 1), limits), 0, 0, default);
            case MessageId.Port:
                ExpectLength(id, length, 3);
                Span<byte> port = stackalloc byte[2];
                body.Slice(1, 2).CopyTo(port);
                return new WireMessage(id, BinaryPrimitives.ReadUInt16BigEndian(port), 0, 0, default);
            case MessageId.Request or MessageId.Cancel or MessageId.Reject:
                {
                    ExpectLength(id, length, 13);
                    var index = CheckIndex(id, ReadInt32(body, 1), limits);
                    var begin = ReadInt32(body, 5);
                    var blockLength = ReadInt32(body, 9);
                    if (begin < 0 || blockLength <= 0 || blockLength > WireLimits.MaxBlockLength)
                    {
                        throw new PeerProtocolException($"{id} with begin {begin} and length {blockLength} is out of range.");
                    }

                    return new WireMessage(id, index, begin, blockLength, default);
                }

            case MessageId.Piece:
                {
                    if (length < 9 || length - 9 > WireLimits.MaxBlockLength)
                    {
                        throw new PeerProtocolException($"Piece message of length {length} is out of range.");
                    }

                    var index = CheckIndex(id, ReadInt32(body, 1), limits);
                    var begin = ReadInt32(body, 5);
                    if (begin < 0)
                    {
                        throw new PeerProtocolException($"Piece message with negative begin {begin}.");
                    }

                    return new WireMessage(id, index, begin, length - 9, body.Slice(9));
                }

            case MessageId.Bitfield:
                {
                    var expected = (limits.PieceCount + 7) / 8;
                    if (limits.PieceCount > 0 && length - 1 != expected)
                    {
                        throw new PeerProtocolException($"Bitfield of {length - 1} bytes, expected {expected}.");
                    }

                    return new WireMessage(id, 0, 0, length - 1, body.Slice(1));
                }

            case MessageId.Extended:
                if (length < 2 || length - 2 > WireLimits.MaxExtendedLength)
                {
                    throw new PeerProtocolException($"Extended message of length {length} is out of range.");
                }

                return new WireMessage(id, 0, 0, length - 2, body.Slice(2), FirstByte(body.Slice(1)));
            default:
                // BEP 3: unknown messages are ignored; the length limit already applied.
                return new WireMessage(id, 0, 0, length - 1, body.Slice(1));
        }
    }

    private static int CheckIndex(MessageId id, int index, WireLimits limits)
    {
        if (index < 0 || (limits.PieceCount > 0 && index >= limits.PieceCount))
        {
            throw new PeerProtocolException($"{id} for piece {index}, but the torrent has {limits.PieceCount} pieces.");
        }

        return index;
    }

    private static void ExpectLength(MessageId id, int length, int expected)
    {
        if (length != expected)
        {
            throw new PeerProtocolException($"{id} message of length {length}, expected {expected}.");
        }
    }

    private static byte FirstByte(ReadOnlySequence<byte> data) => data.FirstSpan.Length > 0 ? data.FirstSpan[0] : data.Slice(0, 1).ToArray()[0];

    private static uint ReadUInt32(ReadOnlySequence<byte> data, long offset)
    {
        var slice = data.Slice(offset, 4);
        if (slice.FirstSpan.Length >= 4)
        {
            return BinaryPrimitives.ReadUInt32BigEndian(slice.FirstSpan);
        }

        Span<byte> bytes = stackalloc byte[4];
        slice.CopyTo(bytes);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    private static int ReadInt32(ReadOnlySequence<byte> data, long offset) => (int)ReadUInt32(data, offset);
}
