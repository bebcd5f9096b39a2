using ModularTorrent.Bsv.Crypto;

namespace ModularTorrent.Bsv.Spv;

/// <summary>Block merkle trees: the root from a full txid list, and a BUMP for one transaction of it.</summary>
public static class MerkleTree
{
    /// <summary>The merkle root of a block's txids (an odd level repeats its last node).</summary>
    /// <param name="txIds">The txids in block order.</param>
    public static Hash256 ComputeRoot(IReadOnlyList<Hash256> txIds)
    {
        ArgumentNullException.ThrowIfNull(txIds);
        if (txIds.Count == 0)
        {
            throw new ArgumentException("A block has at least one transaction.", nameof(txIds));
        }

        var level = txIds.ToArray();
        var count = level.Length;
        while (count > 1)
        {
            var next = 0;
            for (var i = 0; i < count; i += 2)
            {
                var right = i + 1 < count ? level[i + 1] : level[i];
                level[next++] = Hash256.Combine(level[i], right);
            }

            count = next;
        }

        return level[0];
    }

    /// <summary>A BUMP proving the txid at <paramref name="index"/> in a block with these txids.</summary>
    /// <param name="txIds">All txids of the block, in order.</param>
    /// <param name="index">The index of the transaction to prove.</param>
    /// <param name="blockHeight">The block height.</param>
    public static MerklePath CreatePath(IReadOnlyList<Hash256> txIds, int index, uint blockHeight)
    {
        ArgumentNullException.ThrowIfNull(txIds);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, txIds.Count);
        var levels = new List<IReadOnlyList<MerklePathLeaf>>();
        var level = txIds.ToList();
        var position = index;
        if (level.Count == 1)
        {
            return new MerklePath(blockHeight, [[MerklePathLeaf.WithHash(0, level[0], true)]]);
        }

        while (level.Count > 1)
        {
            var sibling = position ^ 1;
            var leaves = new List<MerklePathLeaf>();
            if (levels.Count == 0)
            {
                leaves.Add(MerklePathLeaf.WithHash((ulong)position, level[position], true));
            }

            leaves.Add(sibling < level.Count ? MerklePathLeaf.WithHash((ulong)sibling, level[sibling]) : MerklePathLeaf.Duplicate((ulong)sibling));
            levels.Add(leaves);
            var next = new List<Hash256>((level.Count + 1) / 2);
            for (var i = 0; i < level.Count; i += 2)
            {
                next.Add(Hash256.Combine(level[i], i + 1 < level.Count ? level[i + 1] : level[i]));
            }

            level = next;
            position >>= 1;
        }

        return new MerklePath(blockHeight, levels);
    }
}
