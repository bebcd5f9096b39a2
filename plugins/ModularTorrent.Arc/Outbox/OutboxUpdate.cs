namespace ModularTorrent.Arc.Outbox;

/// <summary>A change of one outbox entry.</summary>
/// <param name="Txid">The transaction id.</param>
/// <param name="State">The new state.</param>
/// <param name="TxStatus">ARC's status, when known.</param>
/// <param name="Error">Why it failed, when it did.</param>
public sealed record OutboxUpdate(string Txid, OutboxState State, string? TxStatus, string? Error);
