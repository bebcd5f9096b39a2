namespace ModularTorrent.Sdk.Events;

/// <summary>A plugin-specific event with a name and flat string data.</summary>
/// <param name="PluginId">The publishing plugin.</param>
/// <param name="Name">The event's name, e.g. <c>dht.bootstrapped</c>.</param>
/// <param name="Data">Flat key/value details.</param>
public sealed record PluginEvent(string PluginId, string Name, IReadOnlyDictionary<string, string> Data) : HostEvent;
