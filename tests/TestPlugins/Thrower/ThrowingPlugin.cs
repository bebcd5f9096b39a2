using ModularTorrent.Sdk.Plugins;

namespace ModularTorrent.TestPlugins.Thrower;

/// <summary>A test plugin that fails while starting, after registering something the host must roll back.</summary>
public sealed class ThrowingPlugin : IPlugin
{
    public Task StartAsync(IPluginContext context, CancellationToken cancellationToken)
    {
        context.Extensions.Register<IPlugin>(this);
        throw new InvalidOperationException("boom at start");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
