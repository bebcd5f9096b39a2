using ModularTorrent.Sdk.Pieces;

namespace ModularTorrent.Selection;

/// <summary>
/// The <c>priority</c> policy: the user's file priorities dominate (High, then Normal, then Low;
/// Skip never), and within one priority it behaves like <see cref="RarestFirstPolicy"/>: started
/// pieces first, then rarest, then a per-peer shuffle.
/// </summary>
public sealed class PriorityPolicy : IPieceSelectionPolicy
{
    /// <summary>The name users choose this policy by.</summary>
    public const string PolicyName = "priority";

    /// <inheritdoc />
    public string Name => PolicyName;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A view of <paramref name="context"/> is shorter than its piece count.</exception>
    public int SelectPieces(scoped in PieceSelectionContext context, Span<int> destination) =>
        RankedSelection.Select<Rank>(context, destination);

    private readonly struct Rank : IPieceRank
    {
        // bits 56-63: inverted priority | bit 55: not partial | bits 32-54: availability | bits 0-31: shuffle
        public static ulong Compose(bool partial, uint availability, byte priority, uint tieBreak) =>
            (RankFields.InvertedPriority(priority) << 56)
            | (RankFields.NotPartial(partial) << 55)
            | ((ulong)availability << 32)
            | tieBreak;
    }
}
