using ModularTorrent.Sdk.Pieces;

namespace ModularTorrent.Selection;

/// <summary>The parts a rank key is made of, each already turned so that smaller is better.</summary>
internal static class RankFields
{
    /// <summary>Availability is capped to 23 bits (8 million peers) to leave room for the other fields.</summary>
    public const int AvailabilityBits = 23;

    private const int MaxAvailability = (1 << AvailabilityBits) - 1;

    /// <summary>0 for a started piece, 1 otherwise.</summary>
    public static ulong NotPartial(scoped in PieceSelectionContext context, int index) =>
        context.Partial[index] ? 0UL : 1UL;

    /// <summary>The inverted priority byte: High (7) ranks before Low (1).</summary>
    public static ulong InvertedPriority(scoped in PieceSelectionContext context, int index) =>
        (ulong)(byte.MaxValue - context.PriorityOf(index));

    /// <summary>How many peers have the piece, clamped to [0, 2^23-1]; an absent table reads as 0 for all.</summary>
    public static ulong Availability(scoped in PieceSelectionContext context, int index)
    {
        if (context.Availability.IsEmpty)
        {
            return 0;
        }

        return (ulong)Math.Clamp(context.Availability[index], 0, MaxAvailability);
    }
}
