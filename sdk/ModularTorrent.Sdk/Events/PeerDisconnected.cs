namespace ModularTorrent.Sdk.Events;

/// <summary>A peer connection ended.</summary>
/// <param name="Id">The transfer id.</param>
/// <param name="Endpoint">The peer's address, <c>host:port</c>.</param>
/// <param name="Reason">Why, in a few words.</param>
public sealed record PeerDisconnected(string Id, string Endpoint, string Reason) : HostEvent
{
    /// <inheritdoc />
    public override string? TransferId => Id;
}
