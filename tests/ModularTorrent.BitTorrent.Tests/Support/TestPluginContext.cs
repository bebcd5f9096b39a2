using ModularTorrent.Sdk.Events;
using ModularTorrent.Sdk.Plugins;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.BitTorrent.Tests.Support;

/// <summary>The test side of the host: in-memory stores and registry, a collecting event sink and logger.</summary>
public sealed class TestPluginContext : IPluginContext
{
    public TestPluginContext(IReadOnlyDictionary<string, string?>? configuration = null, IResumeStore? resume = null)
    {
        Configuration = new DictionaryConfiguration(configuration ?? new Dictionary<string, string?>());
        Resume = resume ?? new InMemoryResumeStore();
        DataDirectory = Path.Combine(Path.GetTempPath(), "mt-ctx-" + Guid.NewGuid().ToString("N")[..8]);
    }

    public PluginManifest Manifest { get; } = new()
    {
        Id = "modulartorrent.bittorrent",
        Name = "BitTorrent",
        Version = "1.0.0",
        EntryAssembly = "ModularTorrent.BitTorrent.dll",
        Sdk = new SdkRange { Min = "1.0.0", MaxExclusive = "2.0.0" },
    };

    public TestLogger TestLogger { get; } = new();

    public IPluginLogger Logger => TestLogger;

    public IPluginConfiguration Configuration { get; }

    public IPluginStateStore State { get; } = new InMemoryStateStore();

    public IResumeStore Resume { get; }

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public EventCollector EventLog { get; } = new();

    public IEventSink Events => EventLog;

    public TestExtensionRegistry Registry { get; } = new();

    public IExtensionRegistry Extensions => Registry;

    public string DataDirectory { get; }
}
