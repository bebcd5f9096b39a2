using System.Net.WebSockets;
using ModularTorrent.Runtime.Events;

namespace ModularTorrent.Host.Realtime;

/// <summary>
/// One WebSocket client of <c>/api/v1/events</c>. It reads from its own bounded subscription, so a
/// slow client only ever hurts itself: when it falls behind, its queue is dropped and it receives a
/// <c>resync</c> message (followed by a fresh snapshot where one is available).
/// </summary>
internal sealed class EventStreamSession(WebSocket socket, EventHub hub, EventStreamFilter filter, ILogger logger)
{
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);

    public async Task RunAsync(Func<EventStreamFilter, long, IEnumerable<byte[]>>? snapshot, CancellationToken cancellationToken)
    {
        using var subscription = hub.Subscribe(capacity: 512);
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var receiving = DrainIncomingAsync(lifetime);
        try
        {
            await SendAsync(EventJson.Control(hub.LastSequence, "hello"), lifetime.Token);
            var covered = await SendSnapshotAsync(snapshot, lifetime.Token);
            // The overflow flag is checked before every read: a client that fell behind must get its
            // resync even when the publisher has gone quiet and the queue drains to empty.
            while (true)
            {
                if (subscription.Overflowed)
                {
                    subscription.Reset();
                    await SendAsync(EventJson.Control(hub.LastSequence, "resync"), lifetime.Token);
                    covered = await SendSnapshotAsync(snapshot, lifetime.Token);
                    continue;
                }

                if (subscription.Reader.TryRead(out var envelope))
                {
                    // Events the snapshot already reflects are skipped, so sequence numbers never go back.
                    if (envelope.Sequence > covered && filter.Matches(envelope.Event, EventJson.TypeName(envelope.Event)))
                    {
                        await SendAsync(EventJson.Serialize(envelope), lifetime.Token);
                    }

                    continue;
                }

                if (!await subscription.Reader.WaitToReadAsync(lifetime.Token))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Client went away or the host is stopping.
        }
        catch (WebSocketException ex)
        {
            logger.LogDebug("Event stream client dropped: {Error}", ex.Message);
        }
        finally
        {
            await lifetime.CancelAsync();
            await receiving;
            if (socket.State == WebSocketState.Open)
            {
                try
                {
                    using var closeTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", closeTimeout.Token);
                }
                catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
                {
                    // Closing is best effort.
                }
            }
        }
    }

    // Returns the sequence number the snapshot is current to.
    private async Task<long> SendSnapshotAsync(Func<EventStreamFilter, long, IEnumerable<byte[]>>? snapshot, CancellationToken cancellationToken)
    {
        var covered = hub.LastSequence;
        if (snapshot is null)
        {
            return covered;
        }

        foreach (var message in snapshot(filter, covered))
        {
            await SendAsync(message, cancellationToken);
        }

        return covered;
    }

    private async Task SendAsync(byte[] message, CancellationToken cancellationToken)
    {
        // A client that does not take a message within the timeout is dropped rather than waited for.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(SendTimeout);
        await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
    }

    private async Task DrainIncomingAsync(CancellationTokenSource lifetime)
    {
        var buffer = new byte[1024];
        try
        {
            while (!lifetime.IsCancellationRequested)
            {
                var result = await socket.ReceiveAsync(buffer, lifetime.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The stream ends either way.
        }

        await lifetime.CancelAsync();
    }
}
