using ModularTorrent.Sdk.Events;
using ModularTorrent.Sdk.Plugins;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.BitTorrent.Engine;

/// <summary>What the engine needs from its surroundings. Inside the host these come from <see cref="IPluginContext"/>; a CLI supplies its own.</summary>
public sealed record EngineServices
{
    /// <summary>Clock for every timer and rate.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Log sink; null logs nothing.</summary>
    public IPluginLogger? Logger { get; init; }

    /// <summary>Event sink; null publishes nothing.</summary>
    public IEventSink? Events { get; init; }

    /// <summary>Resume-data store; null keeps no resume data (every start rechecks existing files).</summary>
    public IResumeStore? Resume { get; init; }

    /// <summary>
    /// Small state kept between runs (the DHT routing table, under <see cref="BitTorrentEngine.DhtTableStateKey"/>);
    /// null keeps none, so every run starts the DHT with a new id and an empty table.
    /// </summary>
    public IPluginStateStore? State { get; init; }

    /// <summary>Where selection policies and payment strategies are looked up by name; null uses the built-in in-order selection.</summary>
    public IExtensionRegistry? Extensions { get; init; }

    /// <summary>HTTP client for trackers; null creates one owned by the engine.</summary>
    public HttpClient? Http { get; init; }
}
