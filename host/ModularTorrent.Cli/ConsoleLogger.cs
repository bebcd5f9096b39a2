using ModularTorrent.Sdk.Plugins;

namespace ModularTorrent.Cli;

/// <summary>Engine log lines to standard error: warnings and errors, plus debug and info with <c>--verbose</c>.</summary>
public sealed class ConsoleLogger(TextWriter error, bool verbose, TimeProvider clock) : IPluginLogger
{
    private readonly Lock _gate = new();

    /// <inheritdoc />
    public bool IsEnabled(PluginLogLevel level) => verbose || level >= PluginLogLevel.Warning;

    /// <inheritdoc />
    public void Log(PluginLogLevel level, string message, Exception? exception = null)
    {
        if (!IsEnabled(level))
        {
            return;
        }

        lock (_gate)
        {
            error.WriteLine($"{clock.GetUtcNow():HH:mm:ss} {level.ToString().ToUpperInvariant()} {message}{(exception is null ? string.Empty : " " + exception.Message)}");
        }
    }
}
