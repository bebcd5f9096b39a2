using System.Buffers;
using System.Buffers.Binary;

namespace ModularTorrent.Bsv.Encoding;

/// <summary>Writes wire bytes (little-endian integers, Bitcoin varints) into an <see cref="IBufferWriter{T}"/>.</summary>
public readonly struct BsvWriter
{
    private readonly IBufferWriter<byte> _output;

    /// <summary>Creates a writer over <paramref name="output"/>.</summary>
    /// <param name="output">Where the bytes go.</param>
    public BsvWriter(IBufferWriter<byte> output)
    {
        _output = output ?? throw new ArgumentNullException(nameof(output));
    }

    /// <summary>Writes raw bytes.</summary>
    /// <param name="bytes">The bytes.</param>
    public void Write(ReadOnlySpan<byte> bytes) => _output.Write(bytes);

    /// <summary>Writes one byte.</summary>
    /// <param name="value">The byte.</param>
    public void WriteByte(byte value)
    {
        _output.GetSpan(1)[0] = value;
        _output.Advance(1);
    }

    /// <summary>Writes a little-endian 32-bit unsigned integer.</summary>
    /// <param name="value">The value.</param>
    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_output.GetSpan(4), value);
        _output.Advance(4);
    }

    /// <summary>Writes a little-endian 64-bit unsigned integer.</summary>
    /// <param name="value">The value.</param>
    public void WriteUInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_output.GetSpan(8), value);
        _output.Advance(8);
    }

    /// <summary>Writes a Bitcoin varint (CompactSize), minimally encoded.</summary>
    /// <param name="value">The value.</param>
    public void WriteVarInt(ulong value)
    {
        var span = _output.GetSpan(9);
        var n = VarInt.Write(span, value);
        _output.Advance(n);
    }

    /// <summary>Writes a varint length and then the bytes.</summary>
    /// <param name="bytes">The bytes.</param>
    public void WriteVarBytes(ReadOnlySpan<byte> bytes)
    {
        WriteVarInt((ulong)bytes.Length);
        Write(bytes);
    }
}
