using System.Collections.Concurrent;
using ModularTorrent.Sdk.Events;

namespace ModularTorrent.BitTorrent.Tests.Support;

public sealed class EventCollector : IEventSink
{
    private readonly ConcurrentQueue<HostEvent> _events = new();

    public IReadOnlyList<HostEvent> All => _events.ToArray();

    public IReadOnlyList<T> OfType<T>()
        where T : HostEvent => _events.OfType<T>().ToList();

    public void Publish(HostEvent hostEvent) => _events.Enqueue(hostEvent);
}
