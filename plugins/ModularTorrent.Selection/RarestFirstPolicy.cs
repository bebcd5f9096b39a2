using ModularTorrent.Sdk.Pieces;

namespace ModularTorrent.Selection;

/// <summary>
/// The default policy, <c>rarest-first</c>: started pieces first (a half-written piece holds memory and
/// cannot be shared yet), then the pieces the fewest connected peers have (so rare pieces spread
/// before their holders leave), then higher file priority, then a per-peer shuffle so peers that see
/// the same availability do not all ask for the same piece.
/// </summary>
/// <remarks>
/// Availability outranks file priority here on purpose: this policy serves the swarm. For a
/// user's file priorities to dominate, choose <see cref="PriorityPolicy"/>.
/// </remarks>
public sealed class RarestFirstPolicy : IPieceSelectionPolicy
{
    /// <summary>The name users choose this policy by.</summary>
    public const string PolicyName = "rarest-first";

    /// <inheritdoc />
    public string Name => PolicyName;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A view of <paramref name="context"/> is shorter than its piece count.</exception>
    public int SelectPieces(scoped in PieceSelectionContext context, Span<int> destination) =>
        RankedSelection.Select<Rank>(context, destination);

    private readonly struct Rank : IPieceRank
    {
        // bit 63: not partial | bits 40-62: availability | bits 32-39: inverted priority | bits 0-31: shuffle
        public static ulong Compose(bool partial, uint availability, byte priority, uint tieBreak) =>
            (RankFields.NotPartial(partial) << 63)
            | ((ulong)availability << 40)
            | (RankFields.InvertedPriority(priority) << 32)
            | tieBreak;
    }
}
