using ModularTorrent.Sdk.Events;
using ModularTorrent.Sdk.Plugins;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.Runtime.Plugins;

/// <summary>The host services one plugin sees. Holds only host objects, so it never pins a plugin.</summary>
internal sealed class PluginContext(
    PluginManifest manifest,
    IPluginLogger logger,
    IPluginConfiguration configuration,
    IPluginStateStore state,
    IResumeStore resume,
    TimeProvider clock,
    IEventSink events,
    IExtensionRegistry extensions,
    string dataDirectory) : IPluginContext
{
    public PluginManifest Manifest { get; } = manifest;

    public IPluginLogger Logger { get; } = logger;

    public IPluginConfiguration Configuration { get; } = configuration;

    public IPluginStateStore State { get; } = state;

    public IResumeStore Resume { get; } = resume;

    public TimeProvider Clock { get; } = clock;

    public IEventSink Events { get; } = events;

    public IExtensionRegistry Extensions { get; } = extensions;

    public string DataDirectory { get; } = dataDirectory;
}
