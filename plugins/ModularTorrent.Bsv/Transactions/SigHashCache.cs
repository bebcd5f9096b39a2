using System.Buffers;
using ModularTorrent.Bsv.Crypto;
using ModularTorrent.Bsv.Encoding;

namespace ModularTorrent.Bsv.Transactions;

/// <summary>
/// The three BIP143 sub-hashes (prevouts, sequences, all outputs) of one transaction, computed once and shared by
/// every input's digest, so signing n inputs costs O(n) hashing instead of O(n²). Valid while the inputs' outpoints
/// and sequences and the outputs stay unchanged (setting unlocking scripts does not matter).
/// </summary>
public sealed class SigHashCache
{
    private readonly Transaction _tx;
    private byte[]? _prevouts;
    private byte[]? _sequences;
    private byte[]? _outputs;

    /// <summary>Creates a cache for <paramref name="tx"/>.</summary>
    /// <param name="tx">The transaction being signed.</param>
    public SigHashCache(Transaction tx)
    {
        _tx = tx ?? throw new ArgumentNullException(nameof(tx));
    }

    /// <summary>The transaction the cache belongs to.</summary>
    public Transaction Transaction => _tx;

    internal ReadOnlySpan<byte> HashPrevouts => _prevouts ??= ComputePrevouts(_tx);

    internal ReadOnlySpan<byte> HashSequences => _sequences ??= ComputeSequences(_tx);

    internal ReadOnlySpan<byte> HashOutputs => _outputs ??= ComputeOutputs(_tx);

    internal static byte[] ComputePrevouts(Transaction tx)
    {
        var buffer = new ArrayBufferWriter<byte>(36 * tx.Inputs.Count);
        var w = new BsvWriter(buffer);
        Span<byte> txid = stackalloc byte[32];
        foreach (var input in tx.Inputs)
        {
            input.PreviousOutput.TxId.CopyTo(txid);
            w.Write(txid);
            w.WriteUInt32(input.PreviousOutput.Index);
        }

        return Hashes.Sha256d(buffer.WrittenSpan);
    }

    internal static byte[] ComputeSequences(Transaction tx)
    {
        var buffer = new ArrayBufferWriter<byte>(4 * tx.Inputs.Count);
        var w = new BsvWriter(buffer);
        foreach (var input in tx.Inputs)
        {
            w.WriteUInt32(input.Sequence);
        }

        return Hashes.Sha256d(buffer.WrittenSpan);
    }

    internal static byte[] ComputeOutputs(Transaction tx)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * tx.Outputs.Count);
        var w = new BsvWriter(buffer);
        foreach (var output in tx.Outputs)
        {
            w.WriteUInt64(output.Satoshis);
            w.WriteVarBytes(output.LockingScript.Span);
        }

        return Hashes.Sha256d(buffer.WrittenSpan);
    }
}
