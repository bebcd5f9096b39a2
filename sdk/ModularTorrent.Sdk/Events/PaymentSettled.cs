namespace ModularTorrent.Sdk.Events;

/// <summary>A payment between us and a peer was settled.</summary>
/// <param name="Id">The transfer id.</param>
/// <param name="PeerId">The peer paid or paying.</param>
/// <param name="Satoshis">The amount; positive when we received it.</param>
/// <param name="Txid">The transaction id, when a transaction carried it.</param>
public sealed record PaymentSettled(string Id, string PeerId, long Satoshis, string? Txid) : HostEvent
{
    /// <inheritdoc />
    public override string? TransferId => Id;
}
