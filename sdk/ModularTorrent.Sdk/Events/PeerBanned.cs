namespace ModularTorrent.Sdk.Events;

/// <summary>A peer was banned (bad data, protocol violations, not paying).</summary>
/// <param name="Id">The transfer id.</param>
/// <param name="Endpoint">The peer's address.</param>
/// <param name="Reason">Why it was banned.</param>
public sealed record PeerBanned(string Id, string Endpoint, string Reason) : HostEvent
{
    /// <inheritdoc />
    public override string? TransferId => Id;
}
