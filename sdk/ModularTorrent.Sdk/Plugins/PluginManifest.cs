namespace ModularTorrent.Sdk.Plugins;

/// <summary>The contents of a plugin's <c>plugin.json</c>.</summary>
public sealed record PluginManifest
{
    /// <summary>The file name every plugin folder carries.</summary>
    public const string FileName = "plugin.json";

    /// <summary>A unique id, lower case with dots or dashes, e.g. <c>modulartorrent.selection</c>.</summary>
    public required string Id { get; init; }

    /// <summary>A human-readable name.</summary>
    public required string Name { get; init; }

    /// <summary>The plugin's own semantic version.</summary>
    public required string Version { get; init; }

    /// <summary>What the plugin is: <c>protocol-handler</c>, <c>payment-strategy</c>, <c>piece-policy</c>, <c>library</c>, …</summary>
    public string Kind { get; init; } = "extension";

    /// <summary>The assembly file (relative to the plugin folder) that holds the <see cref="IPlugin"/>.</summary>
    public required string EntryAssembly { get; init; }

    /// <summary>The full name of the <see cref="IPlugin"/> type; optional when the assembly has exactly one.</summary>
    public string? EntryType { get; init; }

    /// <summary>The SDK versions the plugin was built for.</summary>
    public required SdkRange Sdk { get; init; }

    /// <summary>Ids of plugins that must be loaded first.</summary>
    public IReadOnlyList<string> Dependencies { get; init; } = [];

    /// <summary>What the plugin exports: extension names and, for handlers, the source schemes it claims.</summary>
    public IReadOnlyList<string> Provides { get; init; } = [];

    /// <summary>An optional description of the plugin's configuration keys.</summary>
    public IReadOnlyDictionary<string, string>? ConfigSchema { get; init; }
}
