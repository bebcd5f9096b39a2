namespace ModularTorrent.Arc.Outbox;

/// <summary>One transaction in the outbox.</summary>
/// <param name="Txid">The transaction id.</param>
/// <param name="Payload">The bytes sent to ARC.</param>
/// <param name="Priority">The queue priority.</param>
/// <param name="State">Where it stands.</param>
/// <param name="TxStatus">ARC's last status, when known.</param>
/// <param name="Error">Why it failed, when it did.</param>
public sealed record OutboxEntry(string Txid, byte[] Payload, ArcPriority Priority, OutboxState State, string? TxStatus = null, string? Error = null);
