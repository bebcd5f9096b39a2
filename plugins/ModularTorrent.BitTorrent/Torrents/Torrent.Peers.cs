using System.Net;
using ModularTorrent.BitTorrent.Extensions;
using ModularTorrent.BitTorrent.Peers;
using ModularTorrent.BitTorrent.Wire;
using ModularTorrent.Sdk.Events;
using ModularTorrent.Sdk.Payments;
using ModularTorrent.Sdk.Plugins;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.BitTorrent.Torrents;

public sealed partial class Torrent
{
    private const int AllowedFastCount = 10;

    private bool IsActive => _state is TransferState.Downloading or TransferState.Seeding;

    /// <summary>Starts outgoing connections to known peers while there is room.</summary>
    private void ConnectMore()
    {
        List<KnownPeer> toDial = [];
        lock (_lock)
        {
            if (!IsActive || _cts.IsCancellationRequested || !_engine.Settings.DialPeers)
            {
                return;
            }

            var now = Clock.GetTimestamp();
            var connecting = _known.Values.Count(k => k.Connecting);
            var room = _engine.Settings.MaxConnectionsPerTorrent - _peers.Count - connecting;
            foreach (var known in _known.Values)
            {
                if (room <= 0)
                {
                    break;
                }

                if (known.Connecting || known.Connected || known.NextAttemptAt > now || IsBanned(known.EndPoint, null)
                    || _engine.IsOwnEndPoint(known.EndPoint) || IsConnectedTo(known.EndPoint))
                {
                    continue;
                }

                if (!_engine.TryReserveConnection())
                {
                    break;
                }

                known.Connecting = true;
                toDial.Add(known);
                room--;
            }
        }

        foreach (var known in toDial)
        {
            _ = Task.Run(() => DialAsync(known));
        }
    }

    /// <summary>
    /// Both sides dialed each other at once, so there are two connections to one peer id. Each side must drop the
    /// same one or both go: like libtorrent, the side with the lower listen port (then address) keeps its outgoing
    /// connection. Only the dialed ends count, since the dialing ends use random ports.
    /// </summary>
    private PeerConnection SimultaneousOpenWinner(PeerConnection a, PeerConnection b)
    {
        var (outgoing, incoming) = a.Incoming ? (b, a) : (a, b);
        var ourPort = _engine.ListenPort;
        var theirPort = outgoing.RemoteEndPoint.Port;
        var order = ourPort.CompareTo(theirPort);
        if (order == 0 && outgoing.LocalEndPoint is { } local)
        {
            order = local.Address.GetAddressBytes().AsSpan().SequenceCompareTo(outgoing.RemoteEndPoint.Address.GetAddressBytes());
        }

        return order < 0 ? outgoing : incoming;
    }

    private bool IsConnectedTo(IPEndPoint endPoint)
    {
        foreach (var peer in _peers)
        {
            if (endPoint.Equals(peer.ListenEndPoint) || endPoint.Equals(peer.RemoteEndPoint))
            {
                return true;
            }
        }

        return false;
    }

    private async Task DialAsync(KnownPeer known)
    {
        PeerTransport? transport = null;
        var attached = false;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_cts.Token);
            timeout.CancelAfter(_engine.Settings.ConnectTimeout);
            transport = await _engine.DialAsync(known.EndPoint, InfoHash, timeout.Token);
            await transport.WriteAsync(_engine.CreateHandshake(InfoHash), timeout.Token);
            var header = await transport.ReadExactAsync(Handshake.InfoHashEnd, timeout.Token);
            var (infoHash, extensions, fast) = Handshake.ParseHeader(new System.Buffers.ReadOnlySequence<byte>(header));
            if (infoHash != InfoHash)
            {
                throw new PeerProtocolException("The peer answered with a different info-hash.");
            }

            var peerId = await transport.ReadExactAsync(20, timeout.Token);
            var peer = new PeerConnection(this, transport, peerId, incoming: false, fast, extensions) { ListenEndPoint = known.EndPoint, Source = known.Source };
            attached = Attach(peer, known);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or OperationCanceledException or PeerProtocolException
            or InvalidOperationException or Encryption.MseException)
        {
            Log(PluginLogLevel.Debug, $"Connecting to {known.EndPoint} failed: {ex.Message}");
        }
        finally
        {
            if (!attached)
            {
                lock (_lock)
                {
                    known.Connecting = false;
                    known.Failures++;
                    known.NextAttemptAt = Clock.GetTimestamp() + (long)(Math.Min(300, 5 * Math.Pow(2, Math.Min(known.Failures, 6))) * Clock.TimestampFrequency);
                }

                _engine.ReleaseConnection();
                if (transport is not null)
                {
                    await transport.DisposeAsync();
                }
            }
        }
    }

    /// <summary>Takes over an incoming connection whose handshake header named this torrent. The engine reserved the connection slot.</summary>
    internal async Task<bool> AcceptAsync(PeerTransport transport, bool extensions, bool fast, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!IsActive || _peers.Count >= _engine.Settings.MaxConnectionsPerTorrent || IsBanned(transport.RemoteEndPoint, null))
            {
                return false;
            }
        }

        var peerId = await transport.ReadExactAsync(20, cancellationToken);
        await transport.WriteAsync(_engine.CreateHandshake(InfoHash), cancellationToken);
        var peer = new PeerConnection(this, transport, peerId, incoming: true, fast, extensions);
        return Attach(peer, null);
    }

    private bool Attach(PeerConnection peer, KnownPeer? known)
    {
        string? refuse = null;
        PeerConnection? replaced = null;
        byte[]? bitfield = null;
        var haveAll = false;
        lock (_lock)
        {
            if (!IsActive || _cts.IsCancellationRequested)
            {
                // A dial that was in flight when the torrent stopped or paused.
                refuse = "the torrent is not active";
            }
            else if (peer.PeerId.AsSpan().SequenceEqual(_engine.PeerId.Span))
            {
                refuse = "connected to ourselves";
                if (known is not null)
                {
                    known.Failures = 100;
                }
            }
            else if (IsBanned(peer.RemoteEndPoint, peer.PeerIdHex))
            {
                refuse = "banned";
            }
            else if (_peers.Find(p => p.PeerId.AsSpan().SequenceEqual(peer.PeerId)) is { } existing)
            {
                if (existing.Incoming != peer.Incoming && SimultaneousOpenWinner(existing, peer) == peer)
                {
                    replaced = existing;
                }
                else
                {
                    refuse = "already connected to this peer id";
                }
            }

            if (refuse is null)
            {
                _peers.Add(peer);
                if (known is not null)
                {
                    known.Connecting = false;
                    known.Connected = true;
                    known.Failures = 0;
                }

                haveAll = _picker.Have.AllSet;
                if (!haveAll && _picker.Have.SetCount > 0)
                {
                    bitfield = _picker.Have.ToArray();
                }
            }
        }

        if (refuse is not null)
        {
            Log(PluginLogLevel.Debug, $"Refused peer {peer.EndpointText}: {refuse}.");
            return false;
        }

        replaced?.Close("the peer dialed us while we dialed it; the other connection is kept");

        // BEP 3/6: the bitfield (or have all / have none) is the first message after the handshake.
        if (peer.SupportsFast && haveAll)
        {
            peer.Enqueue(new OutgoingMessage(MessageId.HaveAll));
        }
        else if (peer.SupportsFast && bitfield is null)
        {
            peer.Enqueue(new OutgoingMessage(MessageId.HaveNone));
        }
        else if (bitfield is not null || haveAll)
        {
            peer.Enqueue(new OutgoingMessage(MessageId.Bitfield, Payload: bitfield ?? _picker.Have.ToArray()));
        }

        if (peer.SupportsFast)
        {
            // BEP 6: let a newcomer fetch a few pieces while choked, so it has something to trade.
            List<int> allowed = [];
            lock (_lock)
            {
                foreach (var index in AllowedFastSet.Generate(peer.RemoteEndPoint.Address, InfoHash, PieceCount, AllowedFastCount))
                {
                    if (_picker.Have[index] && peer.AllowedFastToPeer.Add(index))
                    {
                        allowed.Add(index);
                    }
                }
            }

            foreach (var index in allowed)
            {
                peer.Enqueue(new OutgoingMessage(MessageId.AllowedFast, index));
            }
        }

        if (peer.SupportsExtensions)
        {
            var handshake = new ExtensionHandshake
            {
                // Private torrents (BEP 27) get peers from their trackers only: no metadata or peer exchange.
                Extensions = Metainfo.IsPrivate
                    ? new Dictionary<string, byte>()
                    : new Dictionary<string, byte> { [ExtensionNames.UtMetadata] = LocalMetadataId, [ExtensionNames.UtPex] = ExtensionNames.UtPexId },
                MetadataSize = Metainfo.IsPrivate ? null : Metainfo.RawInfo.Length,
                Client = _engine.Settings.ClientName,
                ListenPort = _engine.ListenPort > 0 ? _engine.ListenPort : null,
                RequestQueueLength = MaxIncomingRequests,
            };
            peer.Enqueue(new OutgoingMessage(MessageId.Extended, Payload: handshake.Encode(), ExtendedId: 0));
        }

        peer.Start();
        Log(PluginLogLevel.Debug, $"Peer {peer.EndpointText} ({peer.ClientName ?? "unknown client"}) connected{(peer.Incoming ? " (incoming)" : string.Empty)}.");
        Publish(new PeerConnected(Id, peer.EndpointText, peer.ClientName, peer.Incoming) { Timestamp = Now });
        return true;
    }

    internal void OnPeerClosed(PeerConnection peer, string reason)
    {
        bool removed;
        lock (_lock)
        {
            removed = _peers.Remove(peer);
            if (removed)
            {
                ReleaseOutstanding(peer);
                _picker.ReleaseOwnership(peer);
                for (var i = 0; i < PieceCount; i++)
                {
                    if (peer.Have[i])
                    {
                        _picker.Availability[i]--;
                    }
                }

                if (peer.ListenEndPoint is { } listen && _known.TryGetValue(listen.ToString(), out var known))
                {
                    known.Connected = false;
                    known.NextAttemptAt = Clock.GetTimestamp() + (30 * Clock.TimestampFrequency);
                }
                else if (peer.Incoming && peer.ListenEndPoint is { } advertised && !_known.ContainsKey(advertised.ToString()))
                {
                    _known[advertised.ToString()] = new KnownPeer(advertised, PeerSource.Incoming) { NextAttemptAt = Clock.GetTimestamp() + (30 * Clock.TimestampFrequency) };
                }

                if (!peer.AmChoking)
                {
                    RunChoker(rotateOptimistic: false);
                }
            }
        }

        if (!removed)
        {
            return;
        }

        _engine.ReleaseConnection();
        _payment?.OnPeerDisconnected(new PaymentPeer(Id, peer.PeerIdHex));
        var level = reason.StartsWith("protocol violation", StringComparison.Ordinal) || reason.StartsWith("banned", StringComparison.Ordinal)
            ? PluginLogLevel.Warning
            : PluginLogLevel.Debug;
        Log(level, $"Peer {peer.EndpointText} disconnected: {reason}.");
        Publish(new PeerDisconnected(Id, peer.EndpointText, reason) { Timestamp = Now });
    }

    private void ReleaseOutstanding(PeerConnection peer)
    {
        foreach (var key in peer.Outstanding)
        {
            _picker.Release(key);
        }

        peer.Outstanding.Clear();
    }

    private void Ban(PeerConnection peer, string reason)
    {
        List<Pieces.PieceDownload> suspect = [];
        lock (_lock)
        {
            _banned.Add("id:" + peer.PeerIdHex);
            _banned.Add(EndPointBanKey(peer.ListenEndPoint ?? peer.RemoteEndPoint));

            // Blocks it already delivered to unfinished pieces are suspect: start those pieces over rather than
            // finish them with honest blocks and fail (and blame the honest peers too).
            foreach (var download in _picker.Downloads.Values)
            {
                if (Array.IndexOf(download.Sources, peer) >= 0)
                {
                    suspect.Add(download);
                }
            }

            foreach (var download in suspect)
            {
                _picker.Downloads.Remove(download.Index);
                _picker.InProgress.Set(download.Index, false);
                _picker.Partial.Set(download.Index, false);
                foreach (var other in _peers)
                {
                    for (var b = 0; b < download.BlockCount; b++)
                    {
                        other.Outstanding.Remove(BlockRequest.KeyOf(download.Index, b * Pieces.PieceDownload.BlockSize));
                    }
                }
            }
        }

        foreach (var download in suspect)
        {
            lock (download.WriteLock)
            {
                download.Abandoned = true;
                download.Dispose();
            }
        }

        ReportBan(peer.EndpointText, reason);
        peer.Close("banned: " + reason);
    }

    /// <summary>Bans an address before any connection to it (a magnet's metadata phase caught it lying).</summary>
    internal void BanAddress(IPEndPoint endPoint, string reason)
    {
        lock (_lock)
        {
            _banned.Add(EndPointBanKey(endPoint));
        }

        ReportBan(endPoint.ToString(), reason);
    }

    private void ReportBan(string endpoint, string reason)
    {
        Log(PluginLogLevel.Warning, $"Banned peer {endpoint}: {reason}.");
        Publish(new PeerBanned(Id, endpoint, reason) { Timestamp = Now });
    }

    private bool IsBanned(IPEndPoint endPoint, string? peerIdHex) =>
        _banned.Contains(EndPointBanKey(endPoint)) || (peerIdHex is not null && _banned.Contains("id:" + peerIdHex));

    // Normally a ban covers the whole address. On loopback every test peer shares 127.0.0.1, so the
    // listening endpoint is the identity there (and the peer id, which the ban also records).
    private static string EndPointBanKey(IPEndPoint endPoint) =>
        IPAddress.IsLoopback(endPoint.Address) ? "ep:" + endPoint : "ip:" + endPoint.Address;
}
