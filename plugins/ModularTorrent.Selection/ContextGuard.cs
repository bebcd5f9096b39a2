using ModularTorrent.Sdk.Pieces;

namespace ModularTorrent.Selection;

/// <summary>Checks that the views of a <see cref="PieceSelectionContext"/> agree on the piece count.</summary>
/// <remarks>
/// The scanner reads whole 64-bit words without per-bit bounds checks, so a view shorter than the
/// piece count must be refused up front with a message that names it, not read past its end.
/// </remarks>
internal static class ContextGuard
{
    public static void Validate(scoped in PieceSelectionContext context)
    {
        var count = context.PieceCount;
        var mismatch = Mismatch(context.PeerHas, count, "PeerHas")
            ?? Mismatch(context.Requested, count, "Requested")
            ?? Mismatch(context.Partial, count, "Partial");
        if (mismatch is not null)
        {
            throw new ArgumentException(mismatch, nameof(context));
        }
        if (!context.Availability.IsEmpty && context.Availability.Length < count)
        {
            throw new ArgumentException(
                $"Availability has {context.Availability.Length} entries but the torrent has {count} pieces.",
                nameof(context));
        }

        if (!context.Priorities.IsEmpty && context.Priorities.Length < count)
        {
            throw new ArgumentException(
                $"Priorities has {context.Priorities.Length} entries but the torrent has {count} pieces.",
                nameof(context));
        }
    }

    // An empty view stands for "all clear" and is always acceptable.
    private static string? Mismatch(ReadOnlyBitfield bitfield, int count, string name) =>
        !bitfield.IsEmpty && bitfield.Count != count
            ? $"{name} has {bitfield.Count} bits but the torrent has {count} pieces."
            : null;
}
