using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.Dht;

/// <summary>The UDP side: receiving, answering queries, and matching responses to our queries.</summary>
public sealed partial class DhtNode
{
    private static readonly IPEndPoint AnyEndPoint = new(IPAddress.Any, 0);

    private async Task ReceiveLoopAsync()
    {
        var buffer = GC.AllocateUninitializedArray<byte>(65536);
        var socket = _socket!;
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveMessageFromResult received;
            try
            {
                received = await socket.ReceiveMessageFromAsync(buffer, SocketFlags.None, AnyEndPoint, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException ex)
            {
                // ICMP errors from earlier sends surface here on some platforms; the socket is still fine.
                Log($"receive error ignored: {ex.SocketErrorCode}");
                continue;
            }

            var from = CompactEndPoint.Normalize((IPEndPoint)received.RemoteEndPoint);
            if (received.ReceivedBytes > _settings.MaxMessageSize)
            {
                Log($"dropped a {received.ReceivedBytes}-byte datagram from {from}");
                continue;
            }

            try
            {
                // The parsed tree slices its input, so the datagram gets its own copy.
                Handle(buffer.AsMemory(0, received.ReceivedBytes).ToArray(), from, received.PacketInformation.Address);
            }
            catch (Exception ex)
            {
                // Nothing a remote sends may stop the loop.
                Log($"error handling a datagram from {from}: {ex.Message}");
            }
        }
    }

    /// <param name="datagram">The received bytes (owned by this call).</param>
    /// <param name="from">The sender.</param>
    /// <param name="to">Our address the datagram was sent to: where the sender reaches us.</param>
    private void Handle(byte[] datagram, IPEndPoint from, IPAddress to)
    {
        KrpcMessage message;
        try
        {
            message = KrpcMessage.Parse(datagram);
        }
        catch (KrpcException ex)
        {
            if (!ex.Transaction.IsEmpty && _limiter.TryAcquire(from.Address))
            {
                Send(KrpcWriter.Error(ex.Transaction.Span, ex.Code, ex.Message), from);
            }

            return;
        }

        if (message.Type == KrpcMessageType.Query)
        {
            if (!_limiter.TryAcquire(from.Address))
            {
                return;
            }

            try
            {
                Send(Answer(message, from, to), from);
            }
            catch (KrpcException ex)
            {
                Send(KrpcWriter.Error(message.Transaction.Span, ex.Code, ex.Message), from);
            }

            return;
        }

        if (message.Transaction.Length == 2
            && _pending.TryGetValue(BinaryPrimitives.ReadUInt16BigEndian(message.Transaction.Span), out var pending)
            && pending.To.Equals(from))
        {
            pending.Completion.TrySetResult(message);
        }
    }

    private byte[] Answer(KrpcMessage query, IPEndPoint from, IPAddress to)
    {
        var now = _time.GetUtcNow();
        NodeId own;
        DhtContact? stale = null;
        lock (_gate)
        {
            own = _table.OwnId;
            if (!query.ReadOnly)
            {
                _table.Observe(query.SenderId, from, false, now, out stale);
            }
        }

        if (stale is not null)
        {
            _ = PingStaleAsync(stale);
        }

        switch (query.Method)
        {
            case "ping":
                return KrpcWriter.Response(query.Transaction.Span, own);

            case "find_node":
                {
                    var target = new NodeId(query.RequireBytes("target", NodeId.Length).Span);
                    return KrpcWriter.Response(query.Transaction.Span, own, nodes: ClosestCompact(target, query.SenderId, now));
                }

            case "get_peers":
                {
                    var infoHash = new InfoHash(query.RequireBytes("info_hash", InfoHash.Length).Span);
                    var peers = PeersFor(infoHash, to);
                    return KrpcWriter.Response(
                        query.Transaction.Span,
                        own,
                        nodes: ClosestCompact(NodeId.FromInfoHash(infoHash), query.SenderId, now),
                        token: _tokens.Create(from.Address),
                        values: peers.Count > 0 ? peers : null);
                }

            case "announce_peer":
                {
                    var infoHash = new InfoHash(query.RequireBytes("info_hash", InfoHash.Length).Span);
                    var token = query.RequireBytes("token");
                    if (!_tokens.Validate(from.Address, token.Span))
                    {
                        throw new KrpcException(KrpcErrorCode.Protocol, "Bad or expired token.", query.Transaction);
                    }

                    var port = query.OptionalInteger("implied_port") == 1 ? from.Port : query.RequireInteger("port");
                    if (port is < 1 or > ushort.MaxValue)
                    {
                        throw new KrpcException(KrpcErrorCode.Protocol, "'port' must be 1 to 65535.", query.Transaction);
                    }

                    _store.Add(infoHash, new IPEndPoint(from.Address, (int)port));
                    return KrpcWriter.Response(query.Transaction.Span, own);
                }

            default:
                throw new KrpcException(KrpcErrorCode.MethodUnknown, $"Method Unknown: {query.Method}", query.Transaction);
        }
    }

    /// <summary>Stored peers of <paramref name="infoHash"/>, plus ourselves (reached at <paramref name="to"/>) when we
    /// announced it.</summary>
    private List<IPEndPoint> PeersFor(InfoHash infoHash, IPAddress to)
    {
        var peers = _store.Get(infoHash, _settings.MaxPeersPerReply);
        if (_ownAnnounces.TryGetValue(infoHash, out var port) && !to.Equals(IPAddress.Any) && to.AddressFamily == AddressFamily.InterNetwork)
        {
            var self = new IPEndPoint(to, port);
            if (!peers.Contains(self))
            {
                if (peers.Count >= _settings.MaxPeersPerReply && peers.Count > 0)
                {
                    peers.RemoveAt(peers.Count - 1);
                }

                peers.Insert(0, self);
            }
        }

        return peers;
    }

    private byte[] ClosestCompact(NodeId target, NodeId requester, DateTimeOffset now)
    {
        lock (_gate)
        {
            // The requester knows itself; one more slot is asked for so it can be left out without shrinking the answer.
            return CompactNode.EncodeIPv4(_table.Closest(target, _settings.BucketSize + 1, now)
                .Where(c => c.Id != requester)
                .Take(_settings.BucketSize)
                .Select(c => (c.Id, c.EndPoint)));
        }
    }

    private async Task PingStaleAsync(DhtContact stale)
    {
        try
        {
            var own = Id;
            await QueryAsync(stale.EndPoint, t => KrpcWriter.Ping(t, own), stale.Id, _stop.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    /// <summary>
    /// Sends one query and waits (bounded by <see cref="DhtSettings.QueryTimeout"/>) for the answer from the same
    /// endpoint. Answers refresh the routing table; silence counts as a failure of <paramref name="expected"/>.
    /// Null when nothing came back in time.
    /// </summary>
    private async Task<KrpcMessage?> QueryAsync(IPEndPoint to, Func<byte[], byte[]> build, NodeId? expected, CancellationToken cancellationToken)
    {
        to = CompactEndPoint.Normalize(to);
        var id = (ushort)Interlocked.Increment(ref _nextTransaction);
        var transaction = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(transaction, id);
        var pending = new PendingQuery(to, new TaskCompletionSource<KrpcMessage>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_pending.TryAdd(id, pending))
        {
            return null;
        }

        using var timeout = new CancellationTokenSource(_settings.QueryTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token, _stop.Token);
        try
        {
            await _socket!.SendToAsync(build(transaction), SocketFlags.None, to, linked.Token);
            var answer = await pending.Completion.Task.WaitAsync(linked.Token);
            if (answer.Type == KrpcMessageType.Response)
            {
                DhtContact? stale;
                lock (_gate)
                {
                    _table.Observe(answer.SenderId, to, !answer.ReadOnly, _time.GetUtcNow(), out stale);
                }

                if (stale is not null)
                {
                    _ = PingStaleAsync(stale);
                }
            }

            return answer;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (expected is { } node)
            {
                lock (_gate)
                {
                    _table.Failed(node, _time.GetUtcNow());
                }
            }

            return null;
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private void Send(byte[] datagram, IPEndPoint to)
    {
        try
        {
            _socket?.SendTo(datagram, SocketFlags.None, to);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            Log($"send to {to} failed: {ex.Message}");
        }
    }
}
