namespace ModularTorrent.Sdk.Events;

/// <summary>A broadcast transaction reached a new status at a broadcaster (ARC).</summary>
/// <param name="Txid">The transaction id, hex.</param>
/// <param name="Status">The broadcaster's status, e.g. <c>SEEN_ON_NETWORK</c>, <c>MINED</c>.</param>
/// <param name="Endpoint">The broadcaster that reported it.</param>
public sealed record BroadcastStatusChanged(string Txid, string Status, string? Endpoint) : HostEvent;
