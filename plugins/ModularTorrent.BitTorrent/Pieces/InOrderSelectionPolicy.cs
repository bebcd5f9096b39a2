using ModularTorrent.Sdk.Pieces;

namespace ModularTorrent.BitTorrent.Pieces;

/// <summary>
/// The engine's own fallback when no selection policy plugin is registered: lowest index first,
/// higher priority before lower. Keeps the engine usable on its own.
/// </summary>
internal sealed class InOrderSelectionPolicy : IPieceSelectionPolicy
{
    public const string PolicyName = "in-order";

    public string Name => PolicyName;

    public int SelectPieces(scoped in PieceSelectionContext context, Span<int> destination)
    {
        var count = 0;
        for (var priority = 7; priority >= 1 && count < destination.Length; priority--)
        {
            for (var i = 0; i < context.PieceCount && count < destination.Length; i++)
            {
                if (context.IsCandidate(i) && context.PriorityOf(i) == priority)
                {
                    destination[count++] = i;
                }
            }

            if (context.Priorities.IsEmpty)
            {
                break;
            }
        }

        return count;
    }
}
