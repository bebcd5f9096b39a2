using ModularTorrent.Runtime.Plugins;

namespace ModularTorrent.Host.Api;

/// <summary>A plugin as the API shows it.</summary>
/// <param name="Id">The manifest id (or the folder name when the manifest is unreadable).</param>
/// <param name="Name">The display name.</param>
/// <param name="Version">The plugin's version.</param>
/// <param name="Kind">The manifest kind.</param>
/// <param name="State">loading, loaded, failed, disabled, leaked or unloaded.</param>
/// <param name="Exports">What it registered, as <c>Interface:name</c>.</param>
/// <param name="Provides">What its manifest says it provides.</param>
/// <param name="LoadedAt">When the current version finished loading.</param>
/// <param name="LoadMilliseconds">How long the last load took.</param>
/// <param name="Error">Why it failed.</param>
/// <param name="Folder">Its folder under the plugins directory.</param>
/// <param name="Generation">How many times it was loaded since the host started.</param>
/// <param name="LeakedContexts">Earlier versions whose load context was not collected.</param>
internal sealed record PluginResource(
    string Id,
    string Name,
    string? Version,
    string? Kind,
    string State,
    IReadOnlyList<string> Exports,
    IReadOnlyList<string> Provides,
    DateTimeOffset? LoadedAt,
    double? LoadMilliseconds,
    string? Error,
    string Folder,
    int Generation,
    int LeakedContexts)
{
    public static PluginResource From(PluginInfo info) => new(
        info.Id,
        info.Name,
        info.Version,
        info.Kind,
        info.State.ToString().ToLowerInvariant(),
        info.Exports,
        info.Provides,
        info.LoadedAt,
        info.LoadDuration?.TotalMilliseconds,
        info.Error,
        info.Folder,
        info.Generation,
        info.LeakedContexts);
}
