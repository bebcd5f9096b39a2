using ModularTorrent.Bsv.Crypto;

namespace ModularTorrent.Bsv.Transactions;

/// <summary>A reference to one output of an earlier transaction.</summary>
/// <param name="TxId">The earlier transaction's id.</param>
/// <param name="Index">The output index in it.</param>
public readonly record struct OutPoint(Hash256 TxId, uint Index)
{
    /// <summary>"txid:index" with the display-order txid.</summary>
    public override string ToString() => $"{TxId}:{Index}";
}
