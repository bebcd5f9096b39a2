namespace ModularTorrent.BitTorrent.Bencoding;

/// <summary>A bencoded integer.</summary>
public sealed class BencodeInteger : BencodeValue
{
    /// <summary>Creates an integer value built in code.</summary>
    public BencodeInteger(long value)
        : this(value, default, -1)
    {
    }

    internal BencodeInteger(long value, ReadOnlyMemory<byte> raw, int offset)
        : base(raw, offset) => Value = value;

    /// <summary>The integer.</summary>
    public long Value { get; }

    /// <inheritdoc />
    public override BencodeType Type => BencodeType.Integer;

    /// <inheritdoc />
    public override void WriteTo(BencodeWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteInteger(Value);
    }
}
