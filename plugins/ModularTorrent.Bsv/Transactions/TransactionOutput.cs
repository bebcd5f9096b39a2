using ModularTorrent.Bsv.Scripts;

namespace ModularTorrent.Bsv.Transactions;

/// <summary>A transaction output: an amount and the script that locks it.</summary>
public sealed class TransactionOutput
{
    /// <summary>Creates an output.</summary>
    /// <param name="satoshis">The amount.</param>
    /// <param name="lockingScript">The locking script.</param>
    public TransactionOutput(ulong satoshis, Script lockingScript)
    {
        Satoshis = satoshis;
        LockingScript = lockingScript ?? throw new ArgumentNullException(nameof(lockingScript));
    }

    /// <summary>The amount in satoshis (serialized as 8 bytes; any 64-bit value round-trips).</summary>
    public ulong Satoshis { get; set; }

    /// <summary>The locking script.</summary>
    public Script LockingScript { get; set; }
}
