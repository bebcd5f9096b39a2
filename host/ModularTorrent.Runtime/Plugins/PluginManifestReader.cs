using System.Text.Json;
using System.Text.RegularExpressions;
using ModularTorrent.Sdk;
using ModularTorrent.Sdk.Plugins;

namespace ModularTorrent.Runtime.Plugins;

/// <summary>Reads and validates <c>plugin.json</c>. Every problem becomes a <see cref="PluginLoadException"/> that says what is wrong.</summary>
public static partial class PluginManifestReader
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Reads the manifest in <paramref name="folder"/> and checks it against this host's SDK.</summary>
    /// <param name="folder">A plugin folder.</param>
    /// <exception cref="PluginLoadException">The manifest is missing, malformed, or built for another SDK.</exception>
    public static PluginManifest Read(string folder)
    {
        var path = Path.Combine(folder, PluginManifest.FileName);
        if (!File.Exists(path))
        {
            throw new PluginLoadException($"Missing manifest: {PluginManifest.FileName} not found in '{Path.GetFileName(folder)}'.");
        }

        PluginManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<PluginManifest>(File.ReadAllBytes(path), Options);
        }
        catch (JsonException ex)
        {
            throw new PluginLoadException($"Malformed manifest: {ex.Message}");
        }

        if (manifest is null)
        {
            throw new PluginLoadException("Malformed manifest: the document is empty (null).");
        }

        try
        {
            Validate(manifest);
        }
        catch (PluginLoadException ex)
        {
            throw new PluginLoadException(ex.Message, manifest);
        }

        return manifest;
    }

    /// <summary>Checks the fields of a manifest that JSON shape alone does not.</summary>
    /// <param name="manifest">The manifest.</param>
    /// <exception cref="PluginLoadException">A field is invalid or the SDK range excludes this host.</exception>
    public static void Validate(PluginManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (!IdPattern().IsMatch(manifest.Id))
        {
            throw new PluginLoadException($"Malformed manifest: id '{manifest.Id}' must be lower case letters, digits, '.', '-' (2 to 100 characters).");
        }

        if (!Version.TryParse(manifest.Version.Split('-', '+')[0], out _))
        {
            throw new PluginLoadException($"Malformed manifest: version '{manifest.Version}' is not a semantic version.");
        }

        if (Path.IsPathRooted(manifest.EntryAssembly)
            || manifest.EntryAssembly.Contains("..", StringComparison.Ordinal)
            || !manifest.EntryAssembly.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            throw new PluginLoadException($"Malformed manifest: entryAssembly '{manifest.EntryAssembly}' must be a .dll inside the plugin folder.");
        }

        if (!Version.TryParse(manifest.Sdk.Min, out _) || !Version.TryParse(manifest.Sdk.MaxExclusive, out _))
        {
            throw new PluginLoadException($"Malformed manifest: sdk range '{manifest.Sdk.Min}'..'{manifest.Sdk.MaxExclusive}' is not made of versions.");
        }

        if (!manifest.Sdk.Contains(SdkVersion.Current))
        {
            throw new PluginLoadException(
                $"Incompatible SDK: the plugin was built for SDK >= {manifest.Sdk.Min} and < {manifest.Sdk.MaxExclusive}, this host provides SDK {SdkVersion.Current}.");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,99}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
