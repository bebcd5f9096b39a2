namespace ModularTorrent.Sdk.Events;

/// <summary>A transfer was removed.</summary>
/// <param name="Id">The transfer id.</param>
/// <param name="DataDeleted">Whether its downloaded data was deleted too.</param>
public sealed record TransferRemoved(string Id, bool DataDeleted) : HostEvent
{
    /// <inheritdoc />
    public override string? TransferId => Id;
}
