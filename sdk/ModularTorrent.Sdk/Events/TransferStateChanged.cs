using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.Sdk.Events;

/// <summary>A transfer moved from one state to another.</summary>
/// <param name="Id">The transfer id.</param>
/// <param name="Previous">The state it left.</param>
/// <param name="Current">The state it entered.</param>
public sealed record TransferStateChanged(string Id, TransferState Previous, TransferState Current) : HostEvent
{
    /// <inheritdoc />
    public override string? TransferId => Id;
}
