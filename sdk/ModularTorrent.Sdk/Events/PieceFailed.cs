namespace ModularTorrent.Sdk.Events;

/// <summary>A piece failed its hash check and will be downloaded again.</summary>
/// <param name="Id">The transfer id.</param>
/// <param name="PieceIndex">The zero-based piece index.</param>
/// <param name="Peers">Endpoints of the peers that contributed blocks to it.</param>
public sealed record PieceFailed(string Id, int PieceIndex, IReadOnlyList<string> Peers) : HostEvent
{
    /// <inheritdoc />
    public override string? TransferId => Id;
}
