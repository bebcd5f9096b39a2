using ModularTorrent.Bsv.Encoding;
using ModularTorrent.Bsv.Scripts;

namespace ModularTorrent.Bsv.Transactions;

/// <summary>Exact serialized sizes from script lengths, for fees before the unlocking scripts exist.</summary>
public static class TransactionSizeEstimator
{
    /// <summary>The size of one input with an unlocking script of <paramref name="unlockingScriptLength"/> bytes.</summary>
    /// <param name="unlockingScriptLength">The script length.</param>
    public static int InputSize(int unlockingScriptLength) => 32 + 4 + VarInt.SizeOf((ulong)unlockingScriptLength) + unlockingScriptLength + 4;

    /// <summary>The size of one output with a locking script of <paramref name="lockingScriptLength"/> bytes.</summary>
    /// <param name="lockingScriptLength">The script length.</param>
    public static int OutputSize(int lockingScriptLength) => 8 + VarInt.SizeOf((ulong)lockingScriptLength) + lockingScriptLength;

    /// <summary>The size of a transaction with the given unlocking and locking script lengths.</summary>
    /// <param name="unlockingScriptLengths">One entry per input.</param>
    /// <param name="lockingScriptLengths">One entry per output.</param>
    public static int Estimate(IReadOnlyCollection<int> unlockingScriptLengths, IReadOnlyCollection<int> lockingScriptLengths)
    {
        ArgumentNullException.ThrowIfNull(unlockingScriptLengths);
        ArgumentNullException.ThrowIfNull(lockingScriptLengths);
        var size = 4 + VarInt.SizeOf((ulong)unlockingScriptLengths.Count) + VarInt.SizeOf((ulong)lockingScriptLengths.Count) + 4;
        foreach (var length in unlockingScriptLengths)
        {
            size += InputSize(length);
        }

        foreach (var length in lockingScriptLengths)
        {
            size += OutputSize(length);
        }

        return size;
    }

    /// <summary>The size of a P2PKH-only transaction before signing (108-byte unlocking estimate per input).</summary>
    /// <param name="inputs">The number of P2PKH inputs.</param>
    /// <param name="outputs">The number of P2PKH outputs.</param>
    public static int EstimateP2pkh(int inputs, int outputs)
    {
        var size = 4 + VarInt.SizeOf((ulong)inputs) + VarInt.SizeOf((ulong)outputs) + 4;
        size += inputs * InputSize(P2pkh.EstimatedUnlockingScriptLength);
        size += outputs * OutputSize(P2pkh.LockingScriptLength);
        return size;
    }
}
