using Microsoft.Extensions.Configuration;
using ModularTorrent.Sdk.Plugins;

namespace ModularTorrent.Runtime.Plugins;

/// <summary>A plugin's configuration section (<c>Plugins:{id}</c>) as flat keys.</summary>
internal sealed class PluginConfiguration(IConfigurationSection section) : IPluginConfiguration
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
