using ModularTorrent.Sdk.Plugins;

namespace ModularTorrent.Runtime.Plugins;

/// <summary>The manager's record of one plugin folder, across all the versions loaded from it.</summary>
internal sealed class PluginSlot(string folder)
{
    public string Folder { get; } = folder;

    public string FolderName { get; } = Path.GetFileName(folder);

    public PluginManifest? Manifest { get; set; }

    public string Id => Manifest?.Id ?? FolderName;

    // Set when the manifest was missing, malformed or refused; the slot then never loads.
    public string? ManifestError { get; set; }

    public PluginState State { get; set; } = PluginState.Loading;

    public string? Error { get; set; }

    public DateTimeOffset? LoadedAt { get; set; }

    public TimeSpan? LoadDuration { get; set; }

    public int Generation { get; set; }

    public int LeakedContexts { get; set; }

    public IReadOnlyList<string> Exports { get; set; } = [];

    public string? FileStamp { get; set; }

    // The live objects of the loaded version; cleared before the context is unloaded.
    public PluginLoadContext? LoadContext { get; set; }

    public IPlugin? Instance { get; set; }

    public Task<bool> LastUnloadVerification { get; set; } = Task.FromResult(true);

    public PluginInfo ToInfo() => new(
        Id,
        Manifest?.Name ?? FolderName,
        Manifest?.Version,
        Manifest?.Kind,
        State,
        Exports,
        Manifest?.Provides ?? [],
        LoadedAt,
        LoadDuration,
        Error,
        FolderName,
        Generation,
        LeakedContexts);
}
