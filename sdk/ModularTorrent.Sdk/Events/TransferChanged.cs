namespace ModularTorrent.Sdk.Events;

/// <summary>Only the fields of a transfer that changed since the last delta (published by the host at most every 500 ms per transfer).</summary>
/// <param name="Id">The transfer id.</param>
/// <param name="Changes">Field name (as in the API's torrent resource) to new value.</param>
public sealed record TransferChanged(string Id, IReadOnlyDictionary<string, object?> Changes) : HostEvent
{
    /// <inheritdoc />
    public override string? TransferId => Id;
}
