using System.Buffers;
using ModularTorrent.Sdk.Pieces;

namespace ModularTorrent.Selection;

/// <summary>The shared loop of the ranked policies: scan candidates, keep the best k by key.</summary>
internal static class RankedSelection
{
    // Keys for up to this many slots live on the stack; an engine asks for a handful per peer.
    private const int StackSlots = 256;

    public static int Select<TRank>(scoped in PieceSelectionContext context, Span<int> destination)
        where TRank : struct, IPieceRank
    {
        ContextGuard.Validate(context);
        if (destination.IsEmpty)
        {
            return 0;
        }

        ulong[]? rented = null;
        Span<ulong> keys = destination.Length <= StackSlots
            ? stackalloc ulong[StackSlots]
            : (rented = ArrayPool<ulong>.Shared.Rent(destination.Length));
        try
        {
            var top = new TopPieces(destination, keys);
            var scanner = new CandidateScanner(context);
            while (scanner.MoveNext())
            {
                var index = scanner.Current;
                top.Offer(TRank.KeyOf(context, index), index);
            }

            return top.SortBestFirst();
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<ulong>.Shared.Return(rented);
            }
        }
    }
}
