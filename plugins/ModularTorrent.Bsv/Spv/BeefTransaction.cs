using ModularTorrent.Bsv.Crypto;
using ModularTorrent.Bsv.Transactions;

namespace ModularTorrent.Bsv.Spv;

/// <summary>One transaction entry of a BEEF: a full transaction (with an optional BUMP index) or, in V2, a bare txid.</summary>
public sealed class BeefTransaction
{
    private readonly Hash256[] _parents;

    private BeefTransaction(Hash256 txId, Transaction? transaction, byte[]? raw, int? bumpIndex)
    {
        TxId = txId;
        Transaction = transaction;
        RawTransaction = raw;
        BumpIndex = bumpIndex;
        _parents = transaction is null ? [] : transaction.Inputs.Select(i => i.PreviousOutput.TxId).Distinct().ToArray();
    }

    /// <summary>The txid.</summary>
    public Hash256 TxId { get; }

    /// <summary>The transaction, unless this entry is a bare txid.</summary>
    public Transaction? Transaction { get; }

    /// <summary>The raw bytes as read (so re-serialization is byte-exact).</summary>
    public byte[]? RawTransaction { get; }

    /// <summary>The index of the BUMP that proves this transaction, if it is proven directly.</summary>
    public int? BumpIndex { get; internal set; }

    /// <summary>Whether this entry is only a txid (BEEF V2).</summary>
    public bool IsTxIdOnly => Transaction is null;

    /// <summary>Whether this entry has its own merkle proof.</summary>
    public bool HasProof => BumpIndex is not null;

    /// <summary>The txids this transaction spends from (empty when it has its own proof).</summary>
    public IReadOnlyList<Hash256> InputTxIds => HasProof ? [] : _parents;

    /// <summary>An entry for a full transaction.</summary>
    /// <param name="raw">The raw transaction bytes.</param>
    /// <param name="bumpIndex">The proving BUMP index, if any.</param>
    public static BeefTransaction FromRaw(ReadOnlySpan<byte> raw, int? bumpIndex)
    {
        var tx = Transaction.Parse(raw);
        return new BeefTransaction(Hash256.Compute(raw), tx, raw.ToArray(), bumpIndex);
    }

    /// <summary>An entry for a transaction already parsed from <paramref name="raw"/>.</summary>
    internal static BeefTransaction FromParsed(Transaction tx, ReadOnlySpan<byte> raw, int? bumpIndex) =>
        new(Hash256.Compute(raw), tx, raw.ToArray(), bumpIndex);

    /// <summary>An entry for a bare txid (its validity is vouched for by whoever trusts it).</summary>
    /// <param name="txId">The txid.</param>
    public static BeefTransaction FromTxId(Hash256 txId) => new(txId, null, null, null);
}
