using System.Threading.Channels;

namespace ModularTorrent.Runtime.Events;

/// <summary>One consumer's bounded queue of events. Dispose to stop receiving.</summary>
public sealed class EventSubscription : IDisposable
{
    private readonly EventHub _hub;
    private readonly Channel<EventEnvelope> _channel;
    private int _overflowed;

    internal EventSubscription(EventHub hub, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _hub = hub;
        _channel = Channel.CreateBounded<EventEnvelope>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // with TryWrite: a full queue refuses instead of waiting
            SingleReader = true,
            SingleWriter = false,
        });
    }

    /// <summary>The queued events.</summary>
    public ChannelReader<EventEnvelope> Reader => _channel.Reader;

    /// <summary>Whether events were lost because the consumer fell behind.</summary>
    public bool Overflowed => Volatile.Read(ref _overflowed) != 0;

    /// <summary>Drops everything queued and clears <see cref="Overflowed"/>; the consumer then sends a fresh snapshot.</summary>
    public void Reset()
    {
        while (_channel.Reader.TryRead(out _))
        {
        }

        Volatile.Write(ref _overflowed, 0);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _hub.Remove(this);
        _channel.Writer.TryComplete();
    }

    internal void Offer(EventEnvelope envelope)
    {
        if (!_channel.Writer.TryWrite(envelope))
        {
            Volatile.Write(ref _overflowed, 1);
        }
    }
}
