namespace ModularTorrent.Sdk.Events;

/// <summary>A peer connection completed its handshake.</summary>
/// <param name="Id">The transfer id.</param>
/// <param name="Endpoint">The peer's address, <c>host:port</c>.</param>
/// <param name="Client">The peer's client name, when it told us.</param>
/// <param name="Incoming">Whether the peer connected to us.</param>
public sealed record PeerConnected(string Id, string Endpoint, string? Client, bool Incoming) : HostEvent
{
    /// <inheritdoc />
    public override string? TransferId => Id;
}
