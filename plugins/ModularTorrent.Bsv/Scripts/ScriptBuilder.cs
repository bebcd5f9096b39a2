using System.Buffers;
using System.Buffers.Binary;

namespace ModularTorrent.Bsv.Scripts;

/// <summary>Builds scripts from opcodes and minimal data pushes.</summary>
public sealed class ScriptBuilder
{
    private readonly ArrayBufferWriter<byte> _buffer = new(64);

    /// <summary>Appends an opcode.</summary>
    /// <param name="opcode">The opcode.</param>
    public ScriptBuilder Op(byte opcode)
    {
        _buffer.GetSpan(1)[0] = opcode;
        _buffer.Advance(1);
        return this;
    }

    /// <summary>Appends a data push with the smallest length prefix (direct, PUSHDATA1, 2 or 4).</summary>
    /// <param name="data">The data.</param>
    public ScriptBuilder Push(ReadOnlySpan<byte> data)
    {
        var span = _buffer.GetSpan(data.Length + 5);
        int prefix;
        if (data.Length < OpCodes.PushData1)
        {
            span[0] = (byte)data.Length;
            prefix = 1;
        }
        else if (data.Length <= 0xff)
        {
            span[0] = OpCodes.PushData1;
            span[1] = (byte)data.Length;
            prefix = 2;
        }
        else if (data.Length <= 0xffff)
        {
            span[0] = OpCodes.PushData2;
            BinaryPrimitives.WriteUInt16LittleEndian(span[1..], (ushort)data.Length);
            prefix = 3;
        }
        else
        {
            span[0] = OpCodes.PushData4;
            BinaryPrimitives.WriteUInt32LittleEndian(span[1..], (uint)data.Length);
            prefix = 5;
        }

        data.CopyTo(span[prefix..]);
        _buffer.Advance(prefix + data.Length);
        return this;
    }

    /// <summary>The script built so far.</summary>
    public Script Build() => Script.Own(_buffer.WrittenSpan.ToArray());
}
