namespace ModularTorrent.Sdk.Plugins;

/// <summary>Log levels, in increasing importance.</summary>
public enum PluginLogLevel
{
    /// <summary>Detail for tracing a problem.</summary>
    Debug = 1,

    /// <summary>Normal operation worth recording.</summary>
    Information = 2,

    /// <summary>Something unexpected that the plugin handled.</summary>
    Warning = 3,

    /// <summary>An operation failed.</summary>
    Error = 4,
}
