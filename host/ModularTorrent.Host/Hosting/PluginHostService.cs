using ModularTorrent.Runtime.Plugins;

namespace ModularTorrent.Host.Hosting;

/// <summary>Loads the plugins when the host starts and unloads them, dependents first, when it stops.</summary>
internal sealed class PluginHostService(PluginManager plugins) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => plugins.StartAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken) => await plugins.DisposeAsync();
}
