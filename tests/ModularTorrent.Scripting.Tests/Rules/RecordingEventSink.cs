using System.Collections.Concurrent;
using ModularTorrent.Sdk.Events;

namespace ModularTorrent.Scripting.Tests.Rules;

/// <summary>An event sink that keeps what was published, for assertions.</summary>
public sealed class RecordingEventSink : IEventSink
{
    public ConcurrentQueue<HostEvent> Events { get; } = new();

    public void Publish(HostEvent hostEvent) => Events.Enqueue(hostEvent);
}
