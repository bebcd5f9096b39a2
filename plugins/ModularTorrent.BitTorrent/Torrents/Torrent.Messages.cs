using System.Buffers;
using ModularTorrent.BitTorrent.Extensions;
using ModularTorrent.BitTorrent.Peers;
using ModularTorrent.BitTorrent.Wire;
using ModularTorrent.Sdk.Plugins;

namespace ModularTorrent.BitTorrent.Torrents;

public sealed partial class Torrent
{
    /// <summary>Most outstanding requests we accept from one peer (advertised as <c>reqq</c>).</summary>
    internal const int MaxIncomingRequests = 500;

    /// <summary>The id we ask peers to use for ut_metadata messages to us.</summary>
    internal const byte LocalMetadataId = ExtensionNames.UtMetadataId;

    /// <summary>
    /// BEP 9: serve the info dictionary in 16 KiB pieces so clients that start from a magnet link can
    /// get the metadata from us. A private torrent's metadata is not handed out this way.
    /// </summary>
    private void OnMetadataMessage(PeerConnection peer, in WireMessage message)
    {
        MetadataMessage request;
        try
        {
            request = MetadataCodec.Parse(message.Payload.ToArray(), Metainfo.RawInfo.Length);
        }
        catch (ExtensionProtocolException ex)
        {
            throw new PeerProtocolException(ex.Message, ex);
        }

        if (request.Type != MetadataMessageType.Request)
        {
            return;
        }

        if (!peer.RemoteExtensions.TryGetValue(ExtensionNames.UtMetadata, out var remoteId) || remoteId == 0)
        {
            throw new PeerProtocolException("ut_metadata request from a peer that did not announce ut_metadata.");
        }

        var info = Metainfo.RawInfo.Span;
        var reply = Metainfo.IsPrivate || request.Piece >= MetadataCodec.PieceCount(info.Length)
            ? MetadataCodec.EncodeReject(request.Piece)
            : MetadataCodec.EncodeData(info, request.Piece);
        peer.Enqueue(new OutgoingMessage(MessageId.Extended, Payload: reply, ExtendedId: remoteId));
    }

    /// <summary>BEP 11: peers learnt from a peer are added to the ones we may dial. Over-eager senders are ignored.</summary>
    private void OnPexMessage(PeerConnection peer, in WireMessage message)
    {
        if (!peer.Pex.AcceptIncoming(Now))
        {
            Log(PluginLogLevel.Debug, $"Peer {peer.EndpointText} sent PEX again within a minute; ignored.");
            return;
        }

        PexMessage pex;
        try
        {
            pex = PexCodec.Parse(message.Payload.ToArray());
        }
        catch (ExtensionProtocolException ex)
        {
            throw new PeerProtocolException(ex.Message, ex);
        }

        foreach (var added in pex.Added)
        {
            if (added.EndPoint.Port > 0 && !_engine.IsOwnEndPoint(added.EndPoint))
            {
                // Where a peer came from matters when diagnosing a swarm (and lets tests tell PEX from other sources).
                Log(PluginLogLevel.Debug, $"PEX from {peer.EndpointText}: peer {added.EndPoint}.");
                AddPeer(added.EndPoint, PeerSource.Pex);
            }
        }
    }

    /// <summary>Sends each PEX-capable peer the changes in our peer list (PexState paces it to once a minute).</summary>
    private void SendPex()
    {
        if (Metainfo.IsPrivate)
        {
            return;
        }

        List<(PeerConnection Peer, byte[] Payload, byte Id)> messages = [];
        lock (_lock)
        {
            var connected = new List<PexPeer>(_peers.Count);
            foreach (var other in _peers)
            {
                if (other.ListenEndPoint is { } listen)
                {
                    connected.Add(new PexPeer(listen, other.Have.AllSet ? PexFlags.Seed : PexFlags.None));
                }
            }

            foreach (var peer in _peers)
            {
                if (peer.RemoteExtensions.TryGetValue(ExtensionNames.UtPex, out var id) && id != 0
                    && peer.Pex.CreateMessage(connected, peer.ListenEndPoint, Now) is { } pex)
                {
                    messages.Add((peer, PexCodec.Encode(pex), id));
                }
            }
        }

        foreach (var (peer, payload, id) in messages)
        {
            peer.Enqueue(new OutgoingMessage(MessageId.Extended, Payload: payload, ExtendedId: id));
        }
    }

    /// <summary>Dispatches one decoded message from <paramref name="peer"/>. Throws <see cref="PeerProtocolException"/> on violations.</summary>
    internal void OnMessage(PeerConnection peer, in WireMessage message)
    {
        switch (message.Id)
        {
            case MessageId.KeepAlive or MessageId.Port or MessageId.Suggest:
                break;
            case MessageId.Piece:
                OnBlock(peer, message.Index, message.Begin, message.Payload);
                break;
            case MessageId.Request:
                OnRequest(peer, new BlockRequest(message.Index, message.Begin, message.Length));
                break;
            case MessageId.Cancel:
                peer.CancelUpload(new BlockRequest(message.Index, message.Begin, message.Length));
                break;
            case MessageId.Extended:
                OnExtended(peer, message);
                break;
            default:
                lock (_lock)
                {
                    OnStateMessage(peer, message);
                }

                break;
        }

        peer.MessagesReceived++;
    }

    private void OnStateMessage(PeerConnection peer, in WireMessage message)
    {
        switch (message.Id)
        {
            case MessageId.Choke:
                peer.PeerChoking = true;
                if (!peer.SupportsFast)
                {
                    // Without the fast extension a choke silently drops every pending request.
                    ReleaseOutstanding(peer);
                }

                break;
            case MessageId.Unchoke:
                peer.PeerChoking = false;
                FillRequests(peer);
                break;
            case MessageId.Interested:
                peer.PeerInterested = true;
                UnchokeIfSlotFree(peer);
                break;
            case MessageId.NotInterested:
                peer.PeerInterested = false;
                break;
            case MessageId.Have:
                if (peer.Have.Set(message.Index, true))
                {
                    _picker.Availability[message.Index]++;
                    if (!peer.AmInterested && _picker.Wanted[message.Index])
                    {
                        SetInterested(peer, true);
                    }
                }

                break;
            case MessageId.Bitfield:
                RequireFirst(peer, "bitfield");
                if (!peer.Have.TryLoad(message.Payload.IsSingleSegment ? message.Payload.FirstSpan : message.Payload.ToArray()))
                {
                    throw new PeerProtocolException("Bitfield with spare bits set or of the wrong length.");
                }

                OnPeerBitfieldLoaded(peer);
                break;
            case MessageId.HaveAll:
                RequireFast(peer, message.Id);
                RequireFirst(peer, "have all");
                peer.Have.SetAll();
                OnPeerBitfieldLoaded(peer);
                break;
            case MessageId.HaveNone:
                RequireFast(peer, message.Id);
                RequireFirst(peer, "have none");
                break;
            case MessageId.Reject:
                RequireFast(peer, message.Id);
                var key = BlockRequest.KeyOf(message.Index, message.Begin);
                if (peer.Outstanding.Remove(key))
                {
                    _picker.Release(key);
                    FillOthers(peer);
                }

                break;
            case MessageId.AllowedFast:
                RequireFast(peer, message.Id);
                if (peer.AllowedFastFromPeer.Count < 64 && peer.AllowedFastFromPeer.Add(message.Index) && peer.PeerChoking)
                {
                    FillRequests(peer);
                }

                break;
            default:
                // BEP 3: unknown message ids are ignored.
                break;
        }
    }

    private void OnPeerBitfieldLoaded(PeerConnection peer)
    {
        for (var i = 0; i < PieceCount; i++)
        {
            if (peer.Have[i])
            {
                _picker.Availability[i]++;
            }
        }

        UpdateInterest(peer);
        if (peer.Have.AllSet && _picker.Have.AllSet)
        {
            // Two seeds have nothing to exchange.
            peer.Close("both sides are seeds");
        }
    }

    private static void RequireFast(PeerConnection peer, MessageId id)
    {
        if (!peer.SupportsFast)
        {
            throw new PeerProtocolException($"{id} from a peer that did not announce the fast extension.");
        }
    }

    private static void RequireFirst(PeerConnection peer, string what)
    {
        if (peer.MessagesReceived > peer.ExtendedMessagesReceived)
        {
            throw new PeerProtocolException($"A {what} message may only be the first message after the handshake.");
        }
    }

    private void OnRequest(PeerConnection peer, BlockRequest request)
    {
        if (request.Length > Wire.WireLimits.MaxBlockLength
            || (long)request.Begin + request.Length > Metainfo.GetPieceLength(request.Piece))
        {
            throw new PeerProtocolException($"Request for {request.Length} bytes at {request.Begin} runs past piece {request.Piece}.");
        }

        bool serve;
        lock (_lock)
        {
            serve = _picker.Have[request.Piece]
                && (_state is Sdk.Protocols.TransferState.Downloading or Sdk.Protocols.TransferState.Seeding)
                && (!peer.AmChoking || peer.AllowedFastToPeer.Contains(request.Piece));
        }

        var accepted = false;
        if (serve)
        {
            peer.EnqueueUpload(request, MaxIncomingRequests, out accepted);
        }

        if (!accepted && peer.SupportsFast)
        {
            peer.Enqueue(new OutgoingMessage(MessageId.Reject, request.Piece, request.Begin, request.Length));
        }
    }

    private void OnExtended(PeerConnection peer, in WireMessage message)
    {
        if (!peer.SupportsExtensions)
        {
            throw new PeerProtocolException("Extended message from a peer that did not announce BEP 10.");
        }

        peer.ExtendedMessagesReceived++;
        if (message.ExtendedId == LocalMetadataId)
        {
            OnMetadataMessage(peer, message);
            return;
        }

        if (message.ExtendedId == ExtensionNames.UtPexId && !Metainfo.IsPrivate)
        {
            OnPexMessage(peer, message);
            return;
        }

        if (message.ExtendedId != 0)
        {
            // Only ut_metadata is in our 'm' map, so a well-behaved peer sends nothing else.
            Log(PluginLogLevel.Debug, $"Peer {peer.EndpointText} sent extended message {message.ExtendedId}, which we did not offer; ignored.");
            return;
        }

        var handshake = ExtensionHandshake.Parse(message.Payload);
        lock (_lock)
        {
            peer.RemoteExtensions = handshake.Extensions;
            if (handshake.Client is not null)
            {
                peer.ClientName = handshake.Client.Length > 64 ? handshake.Client[..64] : handshake.Client;
            }

            if (handshake.RequestQueueLength is { } reqq)
            {
                peer.RemoteRequestQueueLength = reqq;
            }

            if (handshake.ListenPort is { } port && peer.Incoming)
            {
                peer.ListenEndPoint = new System.Net.IPEndPoint(peer.RemoteEndPoint.Address, port);
            }
        }
    }
}
