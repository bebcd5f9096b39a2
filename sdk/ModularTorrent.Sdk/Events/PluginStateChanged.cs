namespace ModularTorrent.Sdk.Events;

/// <summary>A plugin changed state: <c>loaded</c>, <c>unloaded</c>, <c>failed</c>, <c>leaked</c>, <c>disabled</c>.</summary>
/// <param name="PluginId">The plugin's manifest id (or its folder name when the manifest is unreadable).</param>
/// <param name="Version">The plugin's version, when known.</param>
/// <param name="State">The new state.</param>
/// <param name="Error">Why it failed or leaked.</param>
public sealed record PluginStateChanged(string PluginId, string? Version, string State, string? Error) : HostEvent;
