namespace ModularTorrent.Sdk.Events;

/// <summary>A piece passed its hash check.</summary>
/// <param name="Id">The transfer id.</param>
/// <param name="PieceIndex">The zero-based piece index.</param>
public sealed record PieceVerified(string Id, int PieceIndex) : HostEvent
{
    /// <inheritdoc />
    public override string? TransferId => Id;
}
