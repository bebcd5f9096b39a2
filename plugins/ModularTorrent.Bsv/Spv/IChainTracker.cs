using ModularTorrent.Bsv.Crypto;

namespace ModularTorrent.Bsv.Spv;

/// <summary>Knows the chain's block headers: answers whether a merkle root belongs to the block at a height.</summary>
public interface IChainTracker
{
    /// <summary>Whether <paramref name="root"/> is the merkle root of the block at <paramref name="height"/> on the best chain.</summary>
    /// <param name="root">The merkle root.</param>
    /// <param name="height">The block height.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    Task<bool> IsValidRootForHeightAsync(Hash256 root, uint height, CancellationToken cancellationToken = default);
}
