using System.Buffers.Binary;

namespace ModularTorrent.Bsv.Scripts;

/// <summary>Script-code handling for the original (pre-fork) signature hash.</summary>
public static class ScriptCode
{
    /// <summary>
    /// Copies <paramref name="script"/> without its OP_CODESEPARATOR opcodes (found by walking the opcodes, so bytes
    /// inside pushes are kept). A malformed trailing push ends the walk exactly as the node's serializer does: the
    /// bytes up to where the opcode reader stopped are kept.
    /// </summary>
    /// <param name="script">The script code.</param>
    public static byte[] RemoveCodeSeparators(ReadOnlySpan<byte> script)
    {
        var result = new byte[script.Length];
        var written = 0;
        var begin = 0;
        var pc = 0;
        while (TryReadOp(script, ref pc, out var opcode))
        {
            if (opcode == OpCodes.OpCodeSeparator)
            {
                var length = pc - begin - 1;
                script.Slice(begin, length).CopyTo(result.AsSpan(written));
                written += length;
                begin = pc;
            }
        }

        if (begin != script.Length)
        {
            var length = pc - begin;
            script.Slice(begin, length).CopyTo(result.AsSpan(written));
            written += length;
        }

        return result.AsSpan(0, written).ToArray();
    }

    /// <summary>Counts OP_CODESEPARATOR opcodes the same way (the node uses it for the declared length).</summary>
    /// <param name="script">The script code.</param>
    public static int CountCodeSeparators(ReadOnlySpan<byte> script)
    {
        var pc = 0;
        var count = 0;
        while (TryReadOp(script, ref pc, out var opcode))
        {
            if (opcode == OpCodes.OpCodeSeparator)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Reads one opcode and skips its push data; on a truncated push leaves <paramref name="pc"/> where the node's reader leaves it.</summary>
    internal static bool TryReadOp(ReadOnlySpan<byte> script, ref int pc, out byte opcode)
    {
        opcode = 0xff;
        if (pc >= script.Length)
        {
            return false;
        }

        var op = script[pc++];
        if (op <= OpCodes.PushData4)
        {
            long size;
            if (op < OpCodes.PushData1)
            {
                size = op;
            }
            else if (op == OpCodes.PushData1)
            {
                if (script.Length - pc < 1)
                {
                    return false;
                }

                size = script[pc++];
            }
            else if (op == OpCodes.PushData2)
            {
                if (script.Length - pc < 2)
                {
                    return false;
                }

                size = BinaryPrimitives.ReadUInt16LittleEndian(script[pc..]);
                pc += 2;
            }
            else
            {
                if (script.Length - pc < 4)
                {
                    return false;
                }

                size = BinaryPrimitives.ReadUInt32LittleEndian(script[pc..]);
                pc += 4;
            }

            if (script.Length - pc < size)
            {
                return false;
            }

            pc += (int)size;
        }

        opcode = op;
        return true;
    }
}
