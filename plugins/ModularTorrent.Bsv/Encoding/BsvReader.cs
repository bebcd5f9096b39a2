using System.Buffers.Binary;

namespace ModularTorrent.Bsv.Encoding;

/// <summary>
/// A forward-only reader over a span of wire bytes (little-endian integers, Bitcoin varints).
/// Every read checks the remaining length and throws <see cref="BsvFormatException"/> naming the field and offset.
/// </summary>
public ref struct BsvReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    /// <summary>Creates a reader at the start of <paramref name="data"/>.</summary>
    /// <param name="data">The bytes to read.</param>
    public BsvReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    /// <summary>The offset of the next byte to read.</summary>
    public readonly int Position => _position;

    /// <summary>How many bytes are left.</summary>
    public readonly int Remaining => _data.Length - _position;

    /// <summary>Whether all bytes were read.</summary>
    public readonly bool End => _position >= _data.Length;

    /// <summary>Reads <paramref name="count"/> bytes as a slice of the input (no copy).</summary>
    /// <param name="count">How many bytes.</param>
    /// <param name="what">The field name for the error message.</param>
    public ReadOnlySpan<byte> ReadBytes(int count, string what)
    {
        if (count < 0 || count > Remaining)
        {
            throw new BsvFormatException($"Truncated data: {what} needs {count} bytes at offset {_position}, only {Remaining} left.");
        }

        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }

    /// <summary>Reads one byte.</summary>
    /// <param name="what">The field name for the error message.</param>
    public byte ReadByte(string what) => ReadBytes(1, what)[0];

    /// <summary>Reads a little-endian 16-bit unsigned integer.</summary>
    /// <param name="what">The field name for the error message.</param>
    public ushort ReadUInt16(string what) => BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2, what));

    /// <summary>Reads a little-endian 32-bit unsigned integer.</summary>
    /// <param name="what">The field name for the error message.</param>
    public uint ReadUInt32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4, what));

    /// <summary>Reads a little-endian 64-bit unsigned integer.</summary>
    /// <param name="what">The field name for the error message.</param>
    public ulong ReadUInt64(string what) => BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8, what));

    /// <summary>Reads a Bitcoin variable-length integer (CompactSize), rejecting non-canonical encodings.</summary>
    /// <param name="what">The field name for the error message.</param>
    public ulong ReadVarInt(string what)
    {
        var start = _position;
        var prefix = ReadByte(what);
        ulong value;
        switch (prefix)
        {
            case 0xfd:
                value = ReadUInt16(what);
                if (value < 0xfd)
                {
                    throw new BsvFormatException($"Bad varint for {what} at offset {start}: value {value} is not minimally encoded.");
                }

                return value;
            case 0xfe:
                value = ReadUInt32(what);
                if (value <= 0xffff)
                {
                    throw new BsvFormatException($"Bad varint for {what} at offset {start}: value {value} is not minimally encoded.");
                }

                return value;
            case 0xff:
                value = ReadUInt64(what);
                if (value <= 0xffff_ffff)
                {
                    throw new BsvFormatException($"Bad varint for {what} at offset {start}: value {value} is not minimally encoded.");
                }

                return value;
            default:
                return prefix;
        }
    }

    /// <summary>Reads a varint that counts items or bytes, and checks it against what is left and a sanity cap.</summary>
    /// <param name="what">The field name for the error message.</param>
    /// <param name="minBytesPerItem">The smallest encoding of one item, so a count that cannot fit is rejected before allocating.</param>
    public int ReadCount(string what, int minBytesPerItem)
    {
        var start = _position;
        var value = ReadVarInt(what);
        if (value > int.MaxValue || (minBytesPerItem > 0 && value > (ulong)Remaining / (ulong)minBytesPerItem))
        {
            throw new BsvFormatException($"Bad varint for {what} at offset {start}: {value} does not fit in the {Remaining} bytes left.");
        }

        return (int)value;
    }

    /// <summary>Reads a varint length followed by that many bytes.</summary>
    /// <param name="what">The field name for the error message.</param>
    public ReadOnlySpan<byte> ReadVarBytes(string what) => ReadBytes(ReadCount(what + " length", 1), what);
}
