using System.Text;

namespace ModularTorrent.BitTorrent.Bencoding;

/// <summary>A bencoded byte string (often, but not always, UTF-8 text).</summary>
public sealed class BencodeString : BencodeValue
{
    /// <summary>Creates a byte string built in code.</summary>
    public BencodeString(ReadOnlyMemory<byte> bytes)
        : this(bytes, default, -1)
    {
    }

    /// <summary>Creates a UTF-8 string built in code.</summary>
    public BencodeString(string text)
        : this(Encoding.UTF8.GetBytes(text ?? throw new ArgumentNullException(nameof(text))))
    {
    }

    internal BencodeString(ReadOnlyMemory<byte> bytes, ReadOnlyMemory<byte> raw, int offset)
        : base(raw, offset) => Bytes = bytes;

    /// <summary>The bytes of the string (a slice of the input when decoded).</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>The bytes decoded as UTF-8 (invalid sequences become U+FFFD).</summary>
    public string Text => Encoding.UTF8.GetString(Bytes.Span);

    /// <inheritdoc />
    public override BencodeType Type => BencodeType.String;

    /// <inheritdoc />
    public override void WriteTo(BencodeWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString(Bytes.Span);
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
