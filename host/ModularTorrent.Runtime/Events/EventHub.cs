using ModularTorrent.Sdk.Events;

namespace ModularTorrent.Runtime.Events;

/// <summary>
/// Fans events out to subscribers through bounded queues. Publishing never blocks: a subscriber
/// whose queue is full is marked overflowed (it must resynchronise) instead of slowing the publisher.
/// </summary>
public sealed class EventHub : IEventSink
{
    private readonly Lock _gate = new();
    private EventSubscription[] _subscribers = [];
    private long _sequence;

    /// <summary>The sequence number of the last published event (0 before the first).</summary>
    public long LastSequence => Interlocked.Read(ref _sequence);

    /// <inheritdoc />
    public void Publish(HostEvent hostEvent)
    {
        ArgumentNullException.ThrowIfNull(hostEvent);
        var envelope = new EventEnvelope(Interlocked.Increment(ref _sequence), hostEvent);
        foreach (var subscriber in _subscribers)
        {
            subscriber.Offer(envelope);
        }
    }

    /// <summary>Starts receiving events published from now on.</summary>
    /// <param name="capacity">How many events may wait before the subscription overflows.</param>
    public EventSubscription Subscribe(int capacity = 1024)
    {
        var subscription = new EventSubscription(this, capacity);
        lock (_gate)
        {
            _subscribers = [.. _subscribers, subscription];
        }

        return subscription;
    }

    internal void Remove(EventSubscription subscription)
    {
        lock (_gate)
        {
            _subscribers = Array.FindAll(_subscribers, s => !ReferenceEquals(s, subscription));
        }
    }
}
