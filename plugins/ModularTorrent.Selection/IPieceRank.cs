using ModularTorrent.Sdk.Pieces;

namespace ModularTorrent.Selection;

/// <summary>
/// An ordering of candidate pieces as one 64-bit key, smaller is better. A struct implementing
/// this is a generic argument of <see cref="RankedSelection"/>, so the JIT specializes the loop and
/// inlines the key: no virtual call per piece.
/// </summary>
internal interface IPieceRank
{
    static abstract ulong KeyOf(scoped in PieceSelectionContext context, int index);
}
