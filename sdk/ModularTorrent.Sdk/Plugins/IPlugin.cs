namespace ModularTorrent.Sdk.Plugins;

/// <summary>
/// The entry point of a plugin. The host creates exactly one instance per load from the type
/// named by the manifest (or the single public implementation in the entry assembly), calls
/// <see cref="StartAsync"/> once, and <see cref="StopAsync"/> once before unloading.
/// </summary>
/// <remarks>
/// A plugin exposes behaviour only by registering SDK interfaces through
/// <see cref="IPluginContext.Extensions"/>. It must not keep threads, timers or static event
/// subscriptions alive after <see cref="StopAsync"/> returns: anything left running pins the
/// plugin's load context and the host reports the plugin as <c>leaked</c>.
/// </remarks>
public interface IPlugin
{
    /// <summary>Starts the plugin and registers its extensions.</summary>
    /// <param name="context">Services the host gives this plugin for its whole lifetime.</param>
    /// <param name="cancellationToken">Cancelled when the host gives up waiting for the start.</param>
    Task StartAsync(IPluginContext context, CancellationToken cancellationToken);

    /// <summary>Stops all work, saves what must survive a reload and releases every resource.</summary>
    /// <param name="cancellationToken">Cancelled when the host gives up waiting for the stop.</param>
    Task StopAsync(CancellationToken cancellationToken);
}
