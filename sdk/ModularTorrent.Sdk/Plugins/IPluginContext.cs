using ModularTorrent.Sdk.Events;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.Sdk.Plugins;

/// <summary>What the host gives each plugin: identity, logging, configuration, state and time.</summary>
public interface IPluginContext
{
    /// <summary>The manifest the plugin was loaded from.</summary>
    PluginManifest Manifest { get; }

    /// <summary>A logger whose entries are tagged with the plugin id.</summary>
    IPluginLogger Logger { get; }

    /// <summary>The plugin's configuration section (<c>Plugins:{id}</c> in the host configuration).</summary>
    IPluginConfiguration Configuration { get; }

    /// <summary>A small persistent key/value store private to this plugin, kept across reloads.</summary>
    IPluginStateStore State { get; }

    /// <summary>Per-transfer resume data (verified pieces, file progress), kept across reloads and restarts.</summary>
    IResumeStore Resume { get; }

    /// <summary>The clock. Plugins never read the system time directly so tests can control it.</summary>
    TimeProvider Clock { get; }

    /// <summary>Where the plugin publishes events for the host's event stream.</summary>
    IEventSink Events { get; }

    /// <summary>Where the plugin registers its extensions and finds those of the host and other plugins.</summary>
    IExtensionRegistry Extensions { get; }

    /// <summary>A folder private to this plugin for files it keeps across runs; it exists when the plugin starts.</summary>
    string DataDirectory { get; }
}
