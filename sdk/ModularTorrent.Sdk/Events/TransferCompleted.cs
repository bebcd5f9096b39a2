namespace ModularTorrent.Sdk.Events;

/// <summary>Every wanted piece of a transfer is verified.</summary>
/// <param name="Id">The transfer id.</param>
public sealed record TransferCompleted(string Id) : HostEvent
{
    /// <inheritdoc />
    public override string? TransferId => Id;
}
