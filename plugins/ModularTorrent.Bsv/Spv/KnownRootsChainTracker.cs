using System.Collections.Concurrent;
using ModularTorrent.Bsv.Crypto;

namespace ModularTorrent.Bsv.Spv;

/// <summary>
/// A chain tracker over merkle roots the host already trusts (from a header store or headers it validated),
/// keyed by height. Thread-safe; roots can be added while lookups run.
/// </summary>
public sealed class KnownRootsChainTracker : IChainTracker
{
    private readonly ConcurrentDictionary<uint, Hash256> _roots = new();

    /// <summary>Records the merkle root of the block at <paramref name="height"/> (replacing any earlier one, e.g. after a reorg).</summary>
    /// <param name="height">The block height.</param>
    /// <param name="merkleRoot">Its merkle root.</param>
    public void Add(uint height, Hash256 merkleRoot) => _roots[height] = merkleRoot;

    /// <summary>Records a block header's merkle root.</summary>
    /// <param name="height">The block height.</param>
    /// <param name="header">The header.</param>
    public void Add(uint height, BlockHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        Add(height, header.MerkleRoot);
    }

    /// <inheritdoc />
    public Task<bool> IsValidRootForHeightAsync(Hash256 root, uint height, CancellationToken cancellationToken = default) =>
        Task.FromResult(_roots.TryGetValue(height, out var known) && known == root);
}
