using Microsoft.Extensions.Logging;
using ModularTorrent.Sdk.Plugins;

namespace ModularTorrent.Runtime.Plugins;

/// <summary>Adapts the SDK's logger to Microsoft.Extensions.Logging, one category per plugin.</summary>
public sealed class PluginLogger(ILogger logger) : IPluginLogger
{
    public void Log(PluginLogLevel level, string message, Exception? exception = null)
    {
        // Only the message text is kept: an exception object from plugin code would pin its load context in log buffers.
        var text = exception is null ? message : $"{message} ({exception.GetType().Name}: {exception.Message})";
        logger.Log(Map(level), "{Message}", text);
    }

    public bool IsEnabled(PluginLogLevel level) => logger.IsEnabled(Map(level));

    private static LogLevel Map(PluginLogLevel level) => level switch
    {
        PluginLogLevel.Debug => LogLevel.Debug,
        PluginLogLevel.Information => LogLevel.Information,
        PluginLogLevel.Warning => LogLevel.Warning,
        _ => LogLevel.Error,
    };
}
