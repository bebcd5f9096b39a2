using System.Collections.Concurrent;
using ModularTorrent.Sdk.Plugins;

namespace ModularTorrent.BitTorrent.Tests.Support;

public sealed class TestLogger : IPluginLogger
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public void Log(PluginLogLevel level, string message, Exception? exception = null) =>
        _lines.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {level}: {message}{(exception is null ? string.Empty : " " + exception)}");

    public bool IsEnabled(PluginLogLevel level) => true;

    public string Dump() => string.Join(Environment.NewLine, _lines);
}
