using System.Buffers;
using ModularTorrent.Bsv.Crypto;
using ModularTorrent.Bsv.Encoding;
using ModularTorrent.Bsv.Scripts;

namespace ModularTorrent.Bsv.Transactions;

/// <summary>
/// Signature hashes. Two digests exist: the BIP143-style one (with FORKID) and the original one (OTDA).
/// The consensus rule since node 1.2.0: the BIP143-style digest iff FORKID is set and the CHRONICLE bit (0x20) is not;
/// otherwise the original. Results are in internal byte order: the 32 bytes fed to ECDSA.
/// </summary>
public static class SigHash
{
    private static readonly byte[] One = CreateOne();

    /// <summary>The consensus digest for the hash type (see the class summary for the 0x20 rule).</summary>
    /// <param name="tx">The transaction.</param>
    /// <param name="inputIndex">The input being signed.</param>
    /// <param name="scriptCode">The script code (the spent locking script for P2PKH).</param>
    /// <param name="amount">The spent amount (used by the BIP143-style digest only).</param>
    /// <param name="hashType">The full 32-bit hash type.</param>
    /// <param name="ignoreChronicle">Use the BIP143-style digest whenever FORKID is set (pre-1.2.0 rule).</param>
    /// <param name="cache">Shared sub-hashes of this transaction for the BIP143-style digest, or null.</param>
    public static byte[] Compute(Transaction tx, int inputIndex, ReadOnlySpan<byte> scriptCode, ulong amount, uint hashType, bool ignoreChronicle = false, SigHashCache? cache = null)
    {
        var forkId = (hashType & SigHashType.ForkId) != 0;
        var chronicle = (hashType & SigHashType.Chronicle) != 0;
        return forkId && (ignoreChronicle || !chronicle)
            ? ComputeForkId(tx, inputIndex, scriptCode, amount, hashType, cache)
            : ComputeOriginal(tx, inputIndex, scriptCode, hashType);
    }

    /// <summary>The BIP143-style digest: double SHA-256 of <see cref="ForkIdPreimage"/>.</summary>
    /// <param name="tx">The transaction.</param>
    /// <param name="inputIndex">The input being signed.</param>
    /// <param name="scriptCode">The script code, used as-is.</param>
    /// <param name="amount">The spent amount.</param>
    /// <param name="hashType">The full 32-bit hash type.</param>
    /// <param name="cache">Shared sub-hashes of this transaction, or null.</param>
    public static byte[] ComputeForkId(Transaction tx, int inputIndex, ReadOnlySpan<byte> scriptCode, ulong amount, uint hashType, SigHashCache? cache = null) =>
        Hashes.Sha256d(ForkIdPreimage(tx, inputIndex, scriptCode, amount, hashType, cache));

    /// <summary>
    /// The BIP143-style preimage: version, hashPrevouts, hashSequence, outpoint, scriptCode, amount, sequence,
    /// hashOutputs, lock time, hash type (4 bytes LE).
    /// </summary>
    /// <param name="tx">The transaction.</param>
    /// <param name="inputIndex">The input being signed.</param>
    /// <param name="scriptCode">The script code, used as-is.</param>
    /// <param name="amount">The spent amount.</param>
    /// <param name="hashType">The full 32-bit hash type.</param>
    /// <param name="cache">Shared sub-hashes of this transaction (see <see cref="SigHashCache"/>), or null.</param>
    public static byte[] ForkIdPreimage(Transaction tx, int inputIndex, ReadOnlySpan<byte> scriptCode, ulong amount, uint hashType, SigHashCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(tx);
        CheckIndex(tx, inputIndex);
        if (cache is not null && !ReferenceEquals(cache.Transaction, tx))
        {
            throw new ArgumentException("The sighash cache belongs to another transaction.", nameof(cache));
        }

        var baseType = hashType & SigHashType.BaseMask;
        var anyoneCanPay = (hashType & SigHashType.AnyoneCanPay) != 0;
        var allOutputs = baseType != SigHashType.Single && baseType != SigHashType.None;
        Span<byte> zero = stackalloc byte[32];
        zero.Clear();

        ReadOnlySpan<byte> hashPrevouts = anyoneCanPay ? zero : cache is null ? SigHashCache.ComputePrevouts(tx) : cache.HashPrevouts;
        ReadOnlySpan<byte> hashSequence = anyoneCanPay || !allOutputs ? zero : cache is null ? SigHashCache.ComputeSequences(tx) : cache.HashSequences;
        ReadOnlySpan<byte> hashOutputs = zero;
        if (allOutputs)
        {
            hashOutputs = cache is null ? SigHashCache.ComputeOutputs(tx) : cache.HashOutputs;
        }
        else if (baseType == SigHashType.Single && inputIndex < tx.Outputs.Count)
        {
            var single = new ArrayBufferWriter<byte>(64);
            var sw = new BsvWriter(single);
            var output = tx.Outputs[inputIndex];
            sw.WriteUInt64(output.Satoshis);
            sw.WriteVarBytes(output.LockingScript.Span);
            hashOutputs = Hashes.Sha256d(single.WrittenSpan);
        }

        var signed = tx.Inputs[inputIndex];
        var preimage = new ArrayBufferWriter<byte>(160 + scriptCode.Length);
        var p = new BsvWriter(preimage);
        p.WriteUInt32(tx.Version);
        p.Write(hashPrevouts);
        p.Write(hashSequence);
        WriteOutPoint(p, signed.PreviousOutput);
        p.WriteVarBytes(scriptCode);
        p.WriteUInt64(amount);
        p.WriteUInt32(signed.Sequence);
        p.Write(hashOutputs);
        p.WriteUInt32(tx.LockTime);
        p.WriteUInt32(hashType);
        return preimage.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The original digest (OTDA): a modified copy of the transaction with the script code (OP_CODESEPARATORs removed)
    /// in the signed input, hashed with the 4-byte hash type. SIGHASH_SINGLE without a matching output gives the
    /// value 1, as the node does.
    /// </summary>
    /// <param name="tx">The transaction.</param>
    /// <param name="inputIndex">The input being signed.</param>
    /// <param name="scriptCode">The script code.</param>
    /// <param name="hashType">The full 32-bit hash type.</param>
    public static byte[] ComputeOriginal(Transaction tx, int inputIndex, ReadOnlySpan<byte> scriptCode, uint hashType)
    {
        ArgumentNullException.ThrowIfNull(tx);
        CheckIndex(tx, inputIndex);
        var baseType = hashType & SigHashType.BaseMask;
        var anyoneCanPay = (hashType & SigHashType.AnyoneCanPay) != 0;
        if (baseType == SigHashType.Single && inputIndex >= tx.Outputs.Count)
        {
            return (byte[])One.Clone();
        }

        var code = ScriptCode.RemoveCodeSeparators(scriptCode);
        var declaredLength = scriptCode.Length - ScriptCode.CountCodeSeparators(scriptCode);
        var buffer = new ArrayBufferWriter<byte>(tx.Size + scriptCode.Length + 4);
        var w = new BsvWriter(buffer);
        w.WriteUInt32(tx.Version);
        var inputCount = anyoneCanPay ? 1 : tx.Inputs.Count;
        w.WriteVarInt((ulong)inputCount);
        for (var i = 0; i < inputCount; i++)
        {
            var index = anyoneCanPay ? inputIndex : i;
            var input = tx.Inputs[index];
            WriteOutPoint(w, input.PreviousOutput);
            if (index == inputIndex)
            {
                w.WriteVarInt((ulong)declaredLength);
                w.Write(code);
            }
            else
            {
                w.WriteVarInt(0);
            }

            var zeroSequence = index != inputIndex && (baseType == SigHashType.Single || baseType == SigHashType.None);
            w.WriteUInt32(zeroSequence ? 0u : input.Sequence);
        }

        var outputCount = baseType == SigHashType.None ? 0 : baseType == SigHashType.Single ? inputIndex + 1 : tx.Outputs.Count;
        w.WriteVarInt((ulong)outputCount);
        for (var i = 0; i < outputCount; i++)
        {
            if (baseType == SigHashType.Single && i != inputIndex)
            {
                w.WriteUInt64(ulong.MaxValue); // a null output: amount −1, empty script
                w.WriteVarInt(0);
            }
            else
            {
                w.WriteUInt64(tx.Outputs[i].Satoshis);
                w.WriteVarBytes(tx.Outputs[i].LockingScript.Span);
            }
        }

        w.WriteUInt32(tx.LockTime);
        w.WriteUInt32(hashType);
        return Hashes.Sha256d(buffer.WrittenSpan);
    }

    private static void CheckIndex(Transaction tx, int inputIndex)
    {
        if ((uint)inputIndex >= (uint)tx.Inputs.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(inputIndex), $"Input index {inputIndex} is outside the {tx.Inputs.Count} inputs.");
        }
    }

    private static void WriteOutPoint(BsvWriter w, OutPoint outPoint)
    {
        Span<byte> txid = stackalloc byte[32];
        outPoint.TxId.CopyTo(txid);
        w.Write(txid);
        w.WriteUInt32(outPoint.Index);
    }

    private static byte[] CreateOne()
    {
        var one = new byte[32];
        one[0] = 1; // uint256(1) in internal (little-endian) order
        return one;
    }
}
