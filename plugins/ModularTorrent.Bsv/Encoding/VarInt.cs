using System.Buffers.Binary;

namespace ModularTorrent.Bsv.Encoding;

/// <summary>Bitcoin variable-length integers (CompactSize).</summary>
public static class VarInt
{
    /// <summary>The number of bytes <paramref name="value"/> takes when encoded.</summary>
    /// <param name="value">The value.</param>
    public static int SizeOf(ulong value) => value switch
    {
        < 0xfd => 1,
        <= 0xffff => 3,
        <= 0xffff_ffff => 5,
        _ => 9,
    };

    /// <summary>Encodes <paramref name="value"/> into <paramref name="destination"/> and returns the bytes written.</summary>
    /// <param name="destination">At least <see cref="SizeOf"/> bytes.</param>
    /// <param name="value">The value.</param>
    public static int Write(Span<byte> destination, ulong value)
    {
        switch (value)
        {
            case < 0xfd:
                destination[0] = (byte)value;
                return 1;
            case <= 0xffff:
                destination[0] = 0xfd;
                BinaryPrimitives.WriteUInt16LittleEndian(destination[1..], (ushort)value);
                return 3;
            case <= 0xffff_ffff:
                destination[0] = 0xfe;
                BinaryPrimitives.WriteUInt32LittleEndian(destination[1..], (uint)value);
                return 5;
            default:
                destination[0] = 0xff;
                BinaryPrimitives.WriteUInt64LittleEndian(destination[1..], value);
                return 9;
        }
    }
}
