using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ModularTorrent.Host.Tests.Support;

/// <summary>Keeps the last lines an in-process host logged (plugins included), for a failing test to show.</summary>
internal sealed class CollectingLoggerProvider : ILoggerProvider
{
    private const int MaxLines = 400;
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>The kept lines, oldest first.</summary>
    public string Dump() => string.Join(Environment.NewLine, _lines);

    public ILogger CreateLogger(string categoryName) => new Collector(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        _lines.Enqueue(line);
        while (_lines.Count > MaxLines && _lines.TryDequeue(out _))
        {
        }
    }

    private sealed class Collector(CollectingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}");
    }
}
