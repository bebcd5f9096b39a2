namespace ModularTorrent.Arc.Tests.Server;

/// <summary>Turns a BRC-30 Extended Format transaction back into the raw form, so the server can compute its txid.</summary>
public static class ExtendedFormat
{
    private static ReadOnlySpan<byte> Marker => [0, 0, 0, 0, 0, 0xEF];

    public static bool IsExtended(ReadOnlySpan<byte> tx) => tx.Length >= 10 && tx.Slice(4, 6).SequenceEqual(Marker);

    /// <summary>The raw transaction: version, inputs without the previous outputs, outputs, lock time.</summary>
    public static byte[] ToRaw(ReadOnlySpan<byte> ef)
    {
        if (!IsExtended(ef))
        {
            throw new FormatException("Not Extended Format: the marker 0000000000EF is missing.");
        }

        var output = new List<byte>(ef.Length);
        output.AddRange(ef[..4].ToArray());
        var at = 10;
        var inputs = ReadVarInt(ef, ref at, output);
        for (ulong i = 0; i < inputs; i++)
        {
            Copy(ef, ref at, 36, output);
            var scriptLength = ReadVarInt(ef, ref at, output);
            Copy(ef, ref at, checked((int)scriptLength), output);
            Copy(ef, ref at, 4, output);
            at += 8; // previous satoshis
            var lockingLength = ReadVarInt(ef, ref at, null);
            at += checked((int)lockingLength);
        }

        var outputs = ReadVarInt(ef, ref at, output);
        for (ulong i = 0; i < outputs; i++)
        {
            Copy(ef, ref at, 8, output);
            var scriptLength = ReadVarInt(ef, ref at, output);
            Copy(ef, ref at, checked((int)scriptLength), output);
        }

        Copy(ef, ref at, 4, output);
        if (at != ef.Length)
        {
            throw new FormatException($"{ef.Length - at} trailing bytes after the lock time.");
        }

        return [.. output];
    }

    private static void Copy(ReadOnlySpan<byte> source, ref int at, int count, List<byte> output)
    {
        if (count < 0 || at + count > source.Length)
        {
            throw new FormatException("The transaction ends early.");
        }

        output.AddRange(source.Slice(at, count).ToArray());
        at += count;
    }

    private static ulong ReadVarInt(ReadOnlySpan<byte> source, ref int at, List<byte>? output)
    {
        if (at >= source.Length)
        {
            throw new FormatException("The transaction ends early.");
        }

        var first = source[at];
        var size = first switch { 0xFD => 3, 0xFE => 5, 0xFF => 9, _ => 1 };
        if (at + size > source.Length)
        {
            throw new FormatException("The transaction ends early.");
        }

        ulong value = size switch
        {
            1 => first,
            3 => BitConverter.ToUInt16(source.Slice(at + 1, 2)),
            5 => BitConverter.ToUInt32(source.Slice(at + 1, 4)),
            _ => BitConverter.ToUInt64(source.Slice(at + 1, 8)),
        };
        output?.AddRange(source.Slice(at, size).ToArray());
        at += size;
        return value;
    }
}
