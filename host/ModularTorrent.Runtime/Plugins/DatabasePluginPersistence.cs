using ModularTorrent.Sdk.Plugins;
using ModularTorrent.Sdk.Protocols;
using ModularTorrent.Storage;

namespace ModularTorrent.Runtime.Plugins;

/// <summary>Plugin state, resume data and enabled flags in the host's database.</summary>
/// <param name="factory">The database.</param>
/// <param name="clock">The clock for timestamps.</param>
public sealed class DatabasePluginPersistence(IDbConnectionFactory factory, TimeProvider clock) : IPluginPersistence
{
    private readonly PluginStateRepository _plugins = new(factory, clock);

    /// <inheritdoc />
    public IResumeStore ResumeStore { get; } = new DbResumeStore(factory);

    /// <inheritdoc />
    public IPluginStateStore StateStore(string pluginId) => new DbPluginStateStore(factory, pluginId, clock);

    /// <inheritdoc />
    public async Task<bool> IsEnabledAsync(string pluginId, CancellationToken cancellationToken = default) =>
        (await _plugins.GetAsync(pluginId, cancellationToken))?.Enabled ?? true;

    /// <inheritdoc />
    public Task SetEnabledAsync(string pluginId, bool enabled, CancellationToken cancellationToken = default) =>
        _plugins.SetEnabledAsync(pluginId, enabled, cancellationToken);
}
