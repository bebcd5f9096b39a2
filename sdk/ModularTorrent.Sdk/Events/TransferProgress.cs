namespace ModularTorrent.Sdk.Events;

/// <summary>Periodic progress of a transfer.</summary>
/// <param name="Id">The transfer id.</param>
/// <param name="Progress">Verified fraction, 0 to 1.</param>
/// <param name="DownloadRate">Bytes per second received.</param>
/// <param name="UploadRate">Bytes per second sent.</param>
/// <param name="Peers">Connected peers.</param>
public sealed record TransferProgress(string Id, double Progress, long DownloadRate, long UploadRate, int Peers) : HostEvent
{
    /// <inheritdoc />
    public override string? TransferId => Id;
}
