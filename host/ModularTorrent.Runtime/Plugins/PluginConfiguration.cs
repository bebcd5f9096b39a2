using Microsoft.Extensions.Configuration;
using ModularTorrent.Sdk.Plugins;

namespace ModularTorrent.Runtime.Plugins;

/// <summary>A configuration section (a plugin's <c>Plugins:{id}</c>, or any other) as the SDK's flat-key view.</summary>
public sealed class PluginConfiguration(IConfigurationSection section) : IPluginConfiguration
{
    public string? this[string key] => section[key];

    public IReadOnlyDictionary<string, string?> AsDictionary()
    {
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var prefix = section.Path.Length + 1;
        foreach (var pair in section.AsEnumerable())
        {
            if (pair.Key.Length > section.Path.Length)
            {
                result[pair.Key[prefix..]] = pair.Value;
            }
        }

        return result;
    }
}
