using ModularTorrent.Sdk.Plugins;

namespace ModularTorrent.BitTorrent.Tests.Support;

public sealed class DictionaryConfiguration(IReadOnlyDictionary<string, string?> values) : IPluginConfiguration
{
    public string? this[string key] => values.TryGetValue(key, out var value) ? value : null;

    public IReadOnlyDictionary<string, string?> AsDictionary() => values;
}
