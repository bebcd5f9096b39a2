using System.Buffers;
using System.Numerics;
using ModularTorrent.Sdk.Pieces;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.Selection;

/// <summary>The shared loop of the ranked policies: scan candidates 64 at a time, keep the best k by key.</summary>
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
            Scan<TRank>(context, ref top);
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

    // Everything the loop reads is hoisted into locals: this runs once per candidate piece, up to
    // 100k times per pick, so property getters and bitfield copies per piece would dominate.
    private static void Scan<TRank>(scoped in PieceSelectionContext context, ref TopPieces top)
        where TRank : struct, IPieceRank
    {
        var count = context.PieceCount;
        var peerHas = context.PeerHas.Bytes;
        var have = context.Have.Bytes;
        var requested = context.Requested.Bytes;
        var partial = context.Partial.Bytes;
        var availability = context.Availability;
        var priorities = context.Priorities;
        var salt = TieBreak.Salt(context.RandomSeed);
        var words = (count + 63) >> 6;
        for (var w = 0; w < words; w++)
        {
            var word = CandidateScanner.Candidates(peerHas, have, requested, count, w);
            while (word != 0)
            {
                var bit = BitOperations.LeadingZeroCount(word);
                word &= ~(0x8000_0000_0000_0000UL >> bit);
                var index = (w << 6) + bit;
                var priority = priorities.IsEmpty ? (byte)FilePriority.Normal : priorities[index];
                if (priority == 0)
                {
                    continue;
                }

                var isPartial = !partial.IsEmpty && (partial[index >> 3] & (0x80 >> (index & 7))) != 0;
                var peers = availability.IsEmpty ? 0u : (uint)Math.Clamp(availability[index], 0, RankFields.MaxAvailability);
                // The shuffle only fills the low 32 bits, so a piece whose other fields already lose is
                // dropped before hashing; late in a download that is nearly every piece.
                var prefix = TRank.Compose(isPartial, peers, priority, 0);
                if (prefix > top.Threshold)
                {
                    continue;
                }

                top.Offer(prefix | TieBreak.Of(salt, index), index);
            }
        }
    }
}
