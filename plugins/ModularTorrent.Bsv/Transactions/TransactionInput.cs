using ModularTorrent.Bsv.Scripts;

namespace ModularTorrent.Bsv.Transactions;

/// <summary>
/// A transaction input. Besides the wire fields it can carry what the spent output was (amount and locking script,
/// needed to sign and for the Extended Format) and the source transaction itself (for BEEF).
/// </summary>
public sealed class TransactionInput
{
    /// <summary>The default sequence (final).</summary>
    public const uint FinalSequence = 0xffff_ffff;

    /// <summary>Creates an input spending <paramref name="previousOutput"/>.</summary>
    /// <param name="previousOutput">The spent output.</param>
    /// <param name="unlockingScript">The unlocking script (empty before signing).</param>
    /// <param name="sequence">The sequence number.</param>
    public TransactionInput(OutPoint previousOutput, Script? unlockingScript = null, uint sequence = FinalSequence)
    {
        PreviousOutput = previousOutput;
        UnlockingScript = unlockingScript ?? Script.Empty;
        Sequence = sequence;
    }

    /// <summary>The spent output.</summary>
    public OutPoint PreviousOutput { get; set; }

    /// <summary>The unlocking script.</summary>
    public Script UnlockingScript { get; set; }

    /// <summary>The sequence number.</summary>
    public uint Sequence { get; set; }

    /// <summary>The spent output's amount, when known (required for signing and the Extended Format).</summary>
    public ulong? SourceSatoshis { get; set; }

    /// <summary>The spent output's locking script, when known (required for signing and the Extended Format).</summary>
    public Script? SourceLockingScript { get; set; }

    /// <summary>The transaction that created the spent output, when known (BEEF).</summary>
    public Transaction? SourceTransaction { get; set; }
}
