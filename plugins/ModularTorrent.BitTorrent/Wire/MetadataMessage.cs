using System.Buffers;
using ModularTorrent.BitTorrent.Bencoding;

namespace ModularTorrent.BitTorrent.Wire;

/// <summary>A BEP 9 <c>ut_metadata</c> message: request (0), data (1) or reject (2) for one 16 KiB piece of the info dictionary.</summary>
/// <param name="Type">0 request, 1 data, 2 reject.</param>
/// <param name="Piece">Metadata piece index.</param>
/// <param name="TotalSize">Size of the whole info dictionary (data messages only).</param>
public readonly record struct MetadataMessage(int Type, int Piece, int? TotalSize)
{
    /// <summary>The extension name in the BEP 10 handshake.</summary>
    public const string ExtensionName = "ut_metadata";

    /// <summary>Metadata piece size.</summary>
    public const int PieceSize = 16 * 1024;

    /// <summary>Request.</summary>
    public const int Request = 0;

    /// <summary>Data.</summary>
    public const int Data = 1;

    /// <summary>Reject.</summary>
    public const int Reject = 2;

    /// <summary>Parses the bencoded head of the message; <paramref name="payloadOffset"/> is where a data message's bytes start.</summary>
    /// <exception cref="PeerProtocolException">Not a valid ut_metadata message.</exception>
    public static MetadataMessage Parse(ReadOnlySequence<byte> message, out int payloadOffset)
    {
        try
        {
            var dict = BencodeDocument.ParsePrefix(message.ToArray(), out payloadOffset, new BencodeLimits { MaxDepth = 2, MaxStringLength = 1024 }) as BencodeDictionary
                ?? throw new PeerProtocolException("ut_metadata message is not a dictionary.");
            var type = dict.GetInteger("msg_type");
            var piece = dict.GetInteger("piece");
            if (type is not (Request or Data or Reject) || piece is null or < 0 or > 4096)
            {
                throw new PeerProtocolException($"ut_metadata message with msg_type {type} and piece {piece}.");
            }

            var total = dict.GetInteger("total_size");
            return new MetadataMessage((int)type, (int)piece, total is > 0 and < int.MaxValue ? (int)total : null);
        }
        catch (BencodeException ex)
        {
            throw new PeerProtocolException("Invalid ut_metadata message: " + ex.Message, ex);
        }
    }

    /// <summary>Encodes the head, followed by <paramref name="data"/> for a data message.</summary>
    public byte[] Encode(ReadOnlySpan<byte> data = default)
    {
        var writer = new BencodeWriter();
        writer.WriteDictionaryStart();
        writer.WriteString("msg_type");
        writer.WriteInteger(Type);
        writer.WriteString("piece");
        writer.WriteInteger(Piece);
        if (TotalSize is { } total)
        {
            writer.WriteString("total_size");
            writer.WriteInteger(total);
        }

        writer.WriteEnd();
        writer.WriteRaw(data);
        return writer.ToArray();
    }
}
