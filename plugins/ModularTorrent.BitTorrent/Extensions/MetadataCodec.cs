using ModularTorrent.BitTorrent.Bencoding;

namespace ModularTorrent.BitTorrent.Extensions;

/// <summary>
/// BEP 9 ut_metadata payloads (what follows the extended message id): a bencoded dictionary
/// <c>{msg_type, piece[, total_size]}</c>, followed for data messages by the piece itself.
/// </summary>
public static class MetadataCodec
{
    /// <summary>Metadata is exchanged in 16 KiB pieces; only the last is shorter.</summary>
    public const int PieceSize = 16 * 1024;

    /// <summary>Default cap on an info dictionary we accept (libtorrent's default is in the same range).</summary>
    public const int DefaultMaxMetadataSize = 8 * 1024 * 1024;

    private static readonly BencodeLimits Limits = new() { MaxDepth = 4, MaxStringLength = 1024 };

    /// <summary>Number of pieces for <paramref name="totalSize"/> bytes of metadata.</summary>
    public static int PieceCount(int totalSize) => (totalSize + PieceSize - 1) / PieceSize;

    /// <summary>A request for <paramref name="piece"/>.</summary>
    public static byte[] EncodeRequest(int piece) => EncodeHeader(MetadataMessageType.Request, piece, null, 0);

    /// <summary>A reject of <paramref name="piece"/>.</summary>
    public static byte[] EncodeReject(int piece) => EncodeHeader(MetadataMessageType.Reject, piece, null, 0);

    /// <summary>A data message carrying piece <paramref name="piece"/> of <paramref name="info"/> (the whole raw info dictionary).</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such piece.</exception>
    public static byte[] EncodeData(ReadOnlySpan<byte> info, int piece)
    {
        var count = PieceCount(info.Length);
        ArgumentOutOfRangeException.ThrowIfNegative(piece);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(piece, count);
        var slice = info.Slice(piece * PieceSize, Math.Min(PieceSize, info.Length - (piece * PieceSize)));
        var payload = EncodeHeader(MetadataMessageType.Data, piece, info.Length, slice.Length);
        slice.CopyTo(payload.AsSpan(payload.Length - slice.Length));
        return payload;
    }

    /// <summary>Decodes a ut_metadata payload.</summary>
    /// <param name="payload">The bytes after the extended message id.</param>
    /// <param name="maxMetadataSize">Largest <c>total_size</c> accepted.</param>
    /// <exception cref="ExtensionProtocolException">
    /// Malformed, an unknown <c>msg_type</c> (BEP 9 says to ignore those: log and drop, do not disconnect), or a limit broken.
    /// </exception>
    public static MetadataMessage Parse(ReadOnlyMemory<byte> payload, int maxMetadataSize = DefaultMaxMetadataSize)
    {
        BencodeDictionary dict;
        int consumed;
        try
        {
            dict = BencodeDocument.ParsePrefix(payload, out consumed, Limits) as BencodeDictionary
                ?? throw new ExtensionProtocolException("A ut_metadata message does not start with a dictionary.");
        }
        catch (BencodeException ex)
        {
            throw new ExtensionProtocolException($"A ut_metadata message is not valid bencode: {ex.Message}", ex);
        }

        if (dict.GetInteger("msg_type") is not { } type || type is < 0 or > 2)
        {
            throw new ExtensionProtocolException($"ut_metadata msg_type is missing or unknown ({dict.GetInteger("msg_type")?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}).");
        }

        if (dict.GetInteger("piece") is not { } piece || piece < 0 || piece >= PieceCount(maxMetadataSize))
        {
            throw new ExtensionProtocolException("ut_metadata piece is missing or out of range.");
        }

        var trailing = payload[consumed..];
        if ((MetadataMessageType)type != MetadataMessageType.Data)
        {
            return new MetadataMessage((MetadataMessageType)type, (int)piece);
        }

        if (dict.GetInteger("total_size") is not { } total || total <= 0 || total > maxMetadataSize)
        {
            throw new ExtensionProtocolException($"ut_metadata total_size is missing or outside 1..{maxMetadataSize}.");
        }

        var expected = Math.Min(PieceSize, total - (piece * PieceSize));
        if (expected <= 0 || trailing.Length != expected)
        {
            throw new ExtensionProtocolException($"ut_metadata piece {piece} carries {trailing.Length} bytes; {Math.Max(expected, 0)} expected for total_size {total}.");
        }

        return new MetadataMessage(MetadataMessageType.Data, (int)piece, (int)total, trailing);
    }

    private static byte[] EncodeHeader(MetadataMessageType type, int piece, int? totalSize, int trailing)
    {
        var writer = new BencodeWriter();
        writer.WriteDictionaryStart();
        writer.WriteString("msg_type");
        writer.WriteInteger((int)type);
        writer.WriteString("piece");
        writer.WriteInteger(piece);
        if (totalSize is { } size)
        {
            writer.WriteString("total_size");
            writer.WriteInteger(size);
        }

        writer.WriteEnd();
        var header = writer.WrittenMemory.Span;
        var payload = new byte[header.Length + trailing];
        header.CopyTo(payload);
        return payload;
    }
}
