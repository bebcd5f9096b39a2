namespace ModularTorrent.Runtime.Plugins;

/// <summary>A snapshot of one plugin, as the API lists it.</summary>
/// <param name="Id">The manifest id, or the folder name when the manifest is unreadable.</param>
/// <param name="Name">The display name.</param>
/// <param name="Version">The plugin's version, when known.</param>
/// <param name="Kind">The manifest kind.</param>
/// <param name="State">The life-cycle state.</param>
/// <param name="Exports">What it registered: <c>Interface:name</c> pairs.</param>
/// <param name="Provides">What its manifest says it provides.</param>
/// <param name="LoadedAt">When the current version finished loading.</param>
/// <param name="LoadDuration">How long the last load took.</param>
/// <param name="Error">Why it failed, when it did.</param>
/// <param name="Folder">Its folder name under the plugins directory.</param>
/// <param name="Generation">How many times it has been loaded since the host started.</param>
/// <param name="LeakedContexts">Earlier load contexts of this plugin that were not collected.</param>
public sealed record PluginInfo(
    string Id,
    string Name,
    string? Version,
    string? Kind,
    PluginState State,
    IReadOnlyList<string> Exports,
    IReadOnlyList<string> Provides,
    DateTimeOffset? LoadedAt,
    TimeSpan? LoadDuration,
    string? Error,
    string Folder,
    int Generation,
    int LeakedContexts);
