namespace ModularTorrent.BitTorrent.Bencoding;

/// <summary>
/// A decoded bencode value. Every value keeps <see cref="Raw"/>, the exact bytes it was decoded
/// from, so a hash over a sub-dictionary (the info-hash) is computed over the bytes as received.
/// </summary>
public abstract class BencodeValue
{
    private protected BencodeValue(ReadOnlyMemory<byte> raw, int offset)
    {
        Raw = raw;
        Offset = offset;
    }

    /// <summary>The exact encoded bytes of this value as received (empty for values built in code).</summary>
    public ReadOnlyMemory<byte> Raw { get; }

    /// <summary>Offset of this value in the decoded input (-1 for values built in code).</summary>
    public int Offset { get; }

    /// <summary>The kind of value.</summary>
    public abstract BencodeType Type { get; }

    /// <summary>Writes this value in canonical form (dictionary keys sorted).</summary>
    public abstract void WriteTo(BencodeWriter writer);

    /// <summary>Encodes this value to a new array in canonical form.</summary>
    public byte[] Encode()
    {
        var writer = new BencodeWriter();
        WriteTo(writer);
        return writer.ToArray();
    }
}
