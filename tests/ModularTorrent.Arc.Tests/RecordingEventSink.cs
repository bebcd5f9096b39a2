using System.Collections.Concurrent;
using ModularTorrent.Sdk.Events;

namespace ModularTorrent.Arc.Tests;

public sealed class RecordingEventSink : IEventSink
{
    public ConcurrentQueue<HostEvent> Events { get; } = new();

    public void Publish(HostEvent hostEvent) => Events.Enqueue(hostEvent);

    public IReadOnlyList<BroadcastStatusChanged> StatusesOf(string txid) =>
        Events.OfType<BroadcastStatusChanged>().Where(e => e.Txid == txid).ToList();
}
