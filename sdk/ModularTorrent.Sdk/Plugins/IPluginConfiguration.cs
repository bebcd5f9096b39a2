namespace ModularTorrent.Sdk.Plugins;

/// <summary>A plugin's configuration section as flat keys (nested keys joined with <c>:</c>).</summary>
public interface IPluginConfiguration
{
    /// <summary>The value at <paramref name="key"/>, or <see langword="null"/> when absent.</summary>
    /// <param name="key">A key relative to the plugin's section, e.g. <c>ListenPort</c> or <c>Dht:Bootstrap:0</c>.</param>
    string? this[string key] { get; }

    /// <summary>Every key and value in the section.</summary>
    IReadOnlyDictionary<string, string?> AsDictionary();
}
