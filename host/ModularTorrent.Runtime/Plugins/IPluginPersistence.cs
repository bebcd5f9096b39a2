using ModularTorrent.Sdk.Plugins;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.Runtime.Plugins;

/// <summary>What the plugin manager keeps in the database: per-plugin state, resume data, enabled flags.</summary>
public interface IPluginPersistence
{
    /// <summary>The key/value store private to <paramref name="pluginId"/>.</summary>
    /// <param name="pluginId">The plugin id.</param>
    IPluginStateStore StateStore(string pluginId);

    /// <summary>The resume data store shared by protocol handlers (keyed by transfer id).</summary>
    IResumeStore ResumeStore { get; }

    /// <summary>Whether the operator left the plugin enabled (true when never set).</summary>
    /// <param name="pluginId">The plugin id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<bool> IsEnabledAsync(string pluginId, CancellationToken cancellationToken = default);

    /// <summary>Records whether the plugin is enabled, so a restart keeps the operator's choice.</summary>
    /// <param name="pluginId">The plugin id.</param>
    /// <param name="enabled">The choice.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task SetEnabledAsync(string pluginId, bool enabled, CancellationToken cancellationToken = default);
}
