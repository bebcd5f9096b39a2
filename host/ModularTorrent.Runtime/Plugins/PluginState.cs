namespace ModularTorrent.Runtime.Plugins;

/// <summary>Where a plugin is in its life cycle.</summary>
public enum PluginState
{
    /// <summary>Being loaded and started.</summary>
    Loading = 1,

    /// <summary>Started and serving.</summary>
    Loaded = 2,

    /// <summary>Could not be loaded or started, or crashed; see the error.</summary>
    Failed = 3,

    /// <summary>Turned off by an operator; its files stay in place.</summary>
    Disabled = 4,

    /// <summary>Unloaded, but its load context was not collected within the bound.</summary>
    Leaked = 5,

    /// <summary>Unloaded cleanly (its folder is gone).</summary>
    Unloaded = 6,
}
