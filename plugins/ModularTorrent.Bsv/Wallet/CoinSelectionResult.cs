namespace ModularTorrent.Bsv.Wallet;

/// <summary>The outcome of <see cref="CoinSelection.Evaluate"/>.</summary>
/// <param name="IsSufficient">Whether the inputs pay the outputs and the fee.</param>
/// <param name="Fee">The fee the transaction pays (including sub-dust remainder when there is no change).</param>
/// <param name="Change">The change output amount, 0 for none.</param>
/// <param name="Required">The smallest input total that would be sufficient with these inputs.</param>
public sealed record CoinSelectionResult(bool IsSufficient, ulong Fee, ulong Change, ulong Required);
