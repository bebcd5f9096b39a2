using System.Buffers;
using ModularTorrent.Bsv.Crypto;
using ModularTorrent.Bsv.Encoding;
using ModularTorrent.Bsv.Scripts;

namespace ModularTorrent.Bsv.Transactions;

/// <summary>A BSV transaction: version, inputs, outputs, lock time. Parses and writes the raw format and the Extended Format (BRC-30).</summary>
public sealed class Transaction
{
    private static readonly byte[] ExtendedMarker = [0x00, 0x00, 0x00, 0x00, 0x00, 0xef];

    /// <summary>The version (1 for most transactions).</summary>
    public uint Version { get; set; } = 1;

    /// <summary>The inputs.</summary>
    public List<TransactionInput> Inputs { get; } = [];

    /// <summary>The outputs.</summary>
    public List<TransactionOutput> Outputs { get; } = [];

    /// <summary>The lock time.</summary>
    public uint LockTime { get; set; }

    /// <summary>Parses a raw transaction; all bytes must be consumed.</summary>
    /// <param name="raw">The raw bytes.</param>
    /// <exception cref="BsvFormatException">Truncated, a bad varint, or trailing bytes.</exception>
    public static Transaction Parse(ReadOnlySpan<byte> raw)
    {
        var reader = new BsvReader(raw);
        var tx = Read(ref reader);
        if (!reader.End)
        {
            throw new BsvFormatException($"Invalid transaction: {reader.Remaining} trailing bytes after offset {reader.Position}.");
        }

        return tx;
    }

    /// <summary>Parses a raw transaction from hex.</summary>
    /// <param name="hex">The raw transaction as hex.</param>
    public static Transaction FromHex(string hex) => Parse(Hex.Decode(hex));

    /// <summary>Parses either the raw format or the Extended Format (detected by its marker).</summary>
    /// <param name="bytes">The bytes.</param>
    public static Transaction ParseAny(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 10 && bytes.Slice(4, 6).SequenceEqual(ExtendedMarker) ? ParseExtended(bytes) : Parse(bytes);

    /// <summary>Reads one raw transaction from a reader (used inside blocks and BEEF).</summary>
    /// <param name="reader">The reader, left after the transaction.</param>
    public static Transaction Read(ref BsvReader reader)
    {
        var tx = new Transaction { Version = reader.ReadUInt32("transaction version") };
        var inputCount = reader.ReadCount("input count", 41);
        tx.Inputs.Capacity = inputCount;
        for (var i = 0; i < inputCount; i++)
        {
            tx.Inputs.Add(ReadInput(ref reader));
        }

        var outputCount = reader.ReadCount("output count", 9);
        tx.Outputs.Capacity = outputCount;
        for (var i = 0; i < outputCount; i++)
        {
            var satoshis = reader.ReadUInt64("output amount");
            tx.Outputs.Add(new TransactionOutput(satoshis, new Script(reader.ReadVarBytes("locking script"))));
        }

        tx.LockTime = reader.ReadUInt32("lock time");
        return tx;
    }

    /// <summary>Parses the Extended Format (BRC-30): each input also carries the spent amount and locking script.</summary>
    /// <param name="bytes">The EF bytes.</param>
    public static Transaction ParseExtended(ReadOnlySpan<byte> bytes)
    {
        var reader = new BsvReader(bytes);
        var tx = new Transaction { Version = reader.ReadUInt32("transaction version") };
        if (!reader.ReadBytes(6, "extended format marker").SequenceEqual(ExtendedMarker))
        {
            throw new BsvFormatException("Invalid extended-format transaction: the marker 0000000000EF is missing after the version.");
        }

        var inputCount = reader.ReadCount("input count", 50);
        for (var i = 0; i < inputCount; i++)
        {
            var input = ReadInput(ref reader);
            input.SourceSatoshis = reader.ReadUInt64("source output amount");
            input.SourceLockingScript = new Script(reader.ReadVarBytes("source locking script"));
            tx.Inputs.Add(input);
        }

        var outputCount = reader.ReadCount("output count", 9);
        for (var i = 0; i < outputCount; i++)
        {
            var satoshis = reader.ReadUInt64("output amount");
            tx.Outputs.Add(new TransactionOutput(satoshis, new Script(reader.ReadVarBytes("locking script"))));
        }

        tx.LockTime = reader.ReadUInt32("lock time");
        if (!reader.End)
        {
            throw new BsvFormatException($"Invalid extended-format transaction: {reader.Remaining} trailing bytes.");
        }

        return tx;
    }

    /// <summary>Writes the raw format.</summary>
    /// <param name="writer">The destination.</param>
    public void Write(BsvWriter writer)
    {
        writer.WriteUInt32(Version);
        writer.WriteVarInt((ulong)Inputs.Count);
        foreach (var input in Inputs)
        {
            WriteInput(writer, input);
        }

        WriteOutputs(writer);
        writer.WriteUInt32(LockTime);
    }

    /// <summary>The raw bytes.</summary>
    public byte[] ToBytes()
    {
        var buffer = new ArrayBufferWriter<byte>(Size);
        Write(new BsvWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The raw bytes as hex.</summary>
    public string ToHex() => Hex.Encode(ToBytes());

    /// <summary>The Extended Format bytes (BRC-30).</summary>
    /// <exception cref="InvalidOperationException">An input lacks its source amount or locking script (directly or via its source transaction).</exception>
    public byte[] ToExtendedBytes()
    {
        var buffer = new ArrayBufferWriter<byte>(Size + (Inputs.Count * 40) + 6);
        var writer = new BsvWriter(buffer);
        writer.WriteUInt32(Version);
        writer.Write(ExtendedMarker);
        writer.WriteVarInt((ulong)Inputs.Count);
        for (var i = 0; i < Inputs.Count; i++)
        {
            var input = Inputs[i];
            WriteInput(writer, input);
            if (!TryGetSourceOutput(i, out var satoshis, out var lockingScript))
            {
                throw new InvalidOperationException($"Input {i} has no source amount and locking script; the Extended Format needs both.");
            }

            writer.WriteUInt64(satoshis);
            writer.WriteVarBytes(lockingScript.Span);
        }

        WriteOutputs(writer);
        writer.WriteUInt32(LockTime);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The serialized size in bytes.</summary>
    public int Size
    {
        get
        {
            var size = 8 + VarInt.SizeOf((ulong)Inputs.Count) + VarInt.SizeOf((ulong)Outputs.Count);
            foreach (var input in Inputs)
            {
                size += 40 + VarInt.SizeOf((ulong)input.UnlockingScript.Length) + input.UnlockingScript.Length;
            }

            foreach (var output in Outputs)
            {
                size += 8 + VarInt.SizeOf((ulong)output.LockingScript.Length) + output.LockingScript.Length;
            }

            return size;
        }
    }

    /// <summary>The transaction id: double SHA-256 of the raw bytes.</summary>
    public Hash256 GetTxId() => Hash256.Compute(ToBytes());

    /// <summary>Finds the source output an input spends, from its source transaction or EF data.</summary>
    /// <param name="inputIndex">The input index.</param>
    /// <param name="satoshis">The amount.</param>
    /// <param name="lockingScript">The locking script.</param>
    public bool TryGetSourceOutput(int inputIndex, out ulong satoshis, out Script lockingScript)
    {
        var input = Inputs[inputIndex];
        if (input.SourceSatoshis is { } amount && input.SourceLockingScript is not null)
        {
            satoshis = amount;
            lockingScript = input.SourceLockingScript;
            return true;
        }

        if (input.SourceTransaction is { } source && input.PreviousOutput.Index < source.Outputs.Count)
        {
            var output = source.Outputs[(int)input.PreviousOutput.Index];
            satoshis = output.Satoshis;
            lockingScript = output.LockingScript;
            return true;
        }

        satoshis = 0;
        lockingScript = Script.Empty;
        return false;
    }

    private static TransactionInput ReadInput(ref BsvReader reader)
    {
        var txid = new Hash256(reader.ReadBytes(32, "previous txid"));
        var index = reader.ReadUInt32("previous output index");
        var script = new Script(reader.ReadVarBytes("unlocking script"));
        var sequence = reader.ReadUInt32("sequence");
        return new TransactionInput(new OutPoint(txid, index), script, sequence);
    }

    private static void WriteInput(BsvWriter writer, TransactionInput input)
    {
        Span<byte> txid = stackalloc byte[32];
        input.PreviousOutput.TxId.CopyTo(txid);
        writer.Write(txid);
        writer.WriteUInt32(input.PreviousOutput.Index);
        writer.WriteVarBytes(input.UnlockingScript.Span);
        writer.WriteUInt32(input.Sequence);
    }

    private void WriteOutputs(BsvWriter writer)
    {
        writer.WriteVarInt((ulong)Outputs.Count);
        foreach (var output in Outputs)
        {
            writer.WriteUInt64(output.Satoshis);
            writer.WriteVarBytes(output.LockingScript.Span);
        }
    }
}
