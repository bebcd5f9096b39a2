using ModularTorrent.Sdk.Plugins;

namespace ModularTorrent.Sdk.Pieces;

/// <summary>
/// Chooses which pieces to request next from one peer. It sits on the hot path: implementations
/// must not allocate per call and must not keep references to the context's spans.
/// </summary>
public interface IPieceSelectionPolicy : INamedExtension
{
    /// <summary>
    /// Writes up to <c>destination.Length</c> piece indexes, best first, that the peer has, that we
    /// do not have, that are not skipped and not fully requested already.
    /// </summary>
    /// <param name="context">The torrent's and the peer's state.</param>
    /// <param name="destination">Where the chosen piece indexes go.</param>
    /// <returns>How many indexes were written.</returns>
    int SelectPieces(scoped in PieceSelectionContext context, Span<int> destination);
}
