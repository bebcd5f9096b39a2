namespace ModularTorrent.Sdk.Events;

/// <summary>A transfer was added.</summary>
/// <param name="Id">The transfer id.</param>
/// <param name="Name">Its display name.</param>
public sealed record TransferAdded(string Id, string Name) : HostEvent
{
    /// <inheritdoc />
    public override string? TransferId => Id;
}
