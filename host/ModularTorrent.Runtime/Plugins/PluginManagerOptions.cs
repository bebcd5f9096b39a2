namespace ModularTorrent.Runtime.Plugins;

/// <summary>Settings of the plugin manager (configuration section <c>PluginHost</c>).</summary>
public sealed class PluginManagerOptions
{
    /// <summary>The folder whose sub-folders are plugins.</summary>
    public string PluginsDirectory { get; set; } = "plugins";

    /// <summary>The host's data folder; each plugin gets <c>plugins/{id}</c> inside it.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Reload a plugin when its files change.</summary>
    public bool WatchForChanges { get; set; } = true;

    /// <summary>How long file changes must be quiet before a reload (a copy writes several files).</summary>
    public TimeSpan ReloadDebounce { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>How long an unloaded context may take to be collected before it is reported as leaked.</summary>
    public TimeSpan UnloadVerificationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a plugin may take to start.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a plugin may take to stop.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest plugin zip accepted for installation.</summary>
    public long MaxPackageBytes { get; set; } = 200L * 1024 * 1024;
}
