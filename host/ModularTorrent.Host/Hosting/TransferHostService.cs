using ModularTorrent.Runtime.Transfers;

namespace ModularTorrent.Host.Hosting;

/// <summary>Starts the transfer list after the plugins (so stored torrents find their handlers) and stops it first.</summary>
internal sealed class TransferHostService(TransferService transfers) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => transfers.StartAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken) => await transfers.DisposeAsync();
}
