namespace ModularTorrent.Sdk.Events;

/// <summary>A transfer stopped on an error.</summary>
/// <param name="Id">The transfer id.</param>
/// <param name="Error">What went wrong.</param>
public sealed record TransferErrored(string Id, string Error) : HostEvent
{
    /// <inheritdoc />
    public override string? TransferId => Id;
}
