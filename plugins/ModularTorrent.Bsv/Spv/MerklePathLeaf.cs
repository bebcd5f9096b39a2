using ModularTorrent.Bsv.Crypto;

namespace ModularTorrent.Bsv.Spv;

/// <summary>One node of a BUMP level: its offset in the level and either a hash or the "duplicate" marker.</summary>
/// <param name="Offset">The position of the node within its level of the tree.</param>
/// <param name="Hash">The node hash; null for a duplicate marker.</param>
/// <param name="IsTxId">Whether the hash is a txid the path is meant to prove (flag 2 at level 0).</param>
/// <param name="IsDuplicate">Whether this node repeats its sibling (the last node of an odd level).</param>
public readonly record struct MerklePathLeaf(ulong Offset, Hash256? Hash, bool IsTxId = false, bool IsDuplicate = false)
{
    /// <summary>A node with a hash.</summary>
    /// <param name="offset">Its offset.</param>
    /// <param name="hash">Its hash.</param>
    /// <param name="isTxId">Whether it is a proven txid.</param>
    public static MerklePathLeaf WithHash(ulong offset, Hash256 hash, bool isTxId = false) => new(offset, hash, isTxId);

    /// <summary>A duplicate marker.</summary>
    /// <param name="offset">Its offset.</param>
    public static MerklePathLeaf Duplicate(ulong offset) => new(offset, null, false, true);
}
