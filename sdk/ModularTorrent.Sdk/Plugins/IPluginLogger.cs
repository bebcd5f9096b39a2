namespace ModularTorrent.Sdk.Plugins;

/// <summary>A minimal logger, so the SDK needs no logging package.</summary>
public interface IPluginLogger
{
    /// <summary>Writes one entry.</summary>
    /// <param name="level">How important the entry is.</param>
    /// <param name="message">The message, already formatted.</param>
    /// <param name="exception">An exception that explains the entry, if any.</param>
    void Log(PluginLogLevel level, string message, Exception? exception = null);

    /// <summary>Whether entries of <paramref name="level"/> are written at all, to skip formatting work.</summary>
    /// <param name="level">The level to ask about.</param>
    bool IsEnabled(PluginLogLevel level);
}
