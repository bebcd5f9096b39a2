using ModularTorrent.Bsv.Crypto;

namespace ModularTorrent.Bsv.Spv;

/// <summary>The outcome of validating a BEEF: valid or not, why not, and the merkle roots it claims per block height.</summary>
/// <param name="IsValid">Whether the structure is valid (and, after a chain check, whether every root is on the chain).</param>
/// <param name="Errors">What is wrong, one message per problem.</param>
/// <param name="Roots">The merkle root per block height computed from the BUMPs.</param>
public sealed record BeefValidationResult(bool IsValid, IReadOnlyList<string> Errors, IReadOnlyDictionary<uint, Hash256> Roots);
