using ModularTorrent.Sdk.Pieces;

namespace ModularTorrent.Selection;

/// <summary>
/// The <c>sequential</c> policy: the lowest-index wanted pieces first, for playing media while it
/// downloads. Skipped pieces are never chosen. It stops scanning as soon as the destination is
/// full, so a pick costs little more than finding the first missing pieces.
/// </summary>
public sealed class SequentialPolicy : IPieceSelectionPolicy
{
    /// <summary>The name users choose this policy by.</summary>
    public const string PolicyName = "sequential";

    /// <inheritdoc />
    public string Name => PolicyName;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A view of <paramref name="context"/> is shorter than its piece count.</exception>
    public int SelectPieces(scoped in PieceSelectionContext context, Span<int> destination)
    {
        ContextGuard.Validate(context);
        var written = 0;
        var scanner = new CandidateScanner(context);
        while (written < destination.Length && scanner.MoveNext())
        {
            destination[written++] = scanner.Current;
        }

        return written;
    }
}
