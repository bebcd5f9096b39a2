namespace ModularTorrent.Selection;

/// <summary>
/// An ordering of candidate pieces as one 64-bit key, smaller is better. A struct implementing
/// this is a generic argument of <see cref="RankedSelection"/>, so the JIT specializes the loop and
/// inlines the key: no virtual call per piece.
/// </summary>
internal interface IPieceRank
{
    /// <summary>Builds the key from the piece's facts.</summary>
    /// <param name="partial">Whether the piece is started.</param>
    /// <param name="availability">Peers that have it, already capped to <see cref="RankFields.AvailabilityBits"/> bits.</param>
    /// <param name="priority">Its priority byte (never 0 here: skipped pieces are not candidates).</param>
    /// <param name="tieBreak">The piece's seeded shuffle value.</param>
    static abstract ulong Compose(bool partial, uint availability, byte priority, uint tieBreak);
}
