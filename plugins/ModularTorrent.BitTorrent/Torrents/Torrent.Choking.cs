using ModularTorrent.BitTorrent.Peers;
using ModularTorrent.BitTorrent.Pieces;
using ModularTorrent.BitTorrent.Wire;
using ModularTorrent.Sdk.Payments;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.BitTorrent.Torrents;

public sealed partial class Torrent
{
    private const int MinQueueDepth = 4;
    private const int MaxQueueDepth = 500;
    private PeerConnection? _optimistic;

    /// <summary>Tops up the peer's request pipeline to its queue depth (torrent lock held).</summary>
    private void FillRequests(PeerConnection peer)
    {
        if (_state != TransferState.Downloading || !peer.AmInterested || peer.IsClosed)
        {
            return;
        }

        if (peer.PeerChoking && peer.AllowedFastFromPeer.Count == 0)
        {
            return;
        }

        var depth = Math.Min(peer.QueueDepth, peer.RemoteRequestQueueLength);
        var room = depth - peer.Outstanding.Count;

        // Refill in batches rather than one request per received block.
        if (room <= 0 || (peer.Outstanding.Count > 0 && room < Math.Max(1, depth / 4)))
        {
            return;
        }

        _scratch.Clear();
        _picker.Pick(peer, room, _scratch);
        foreach (var request in _scratch)
        {
            peer.Enqueue(new OutgoingMessage(MessageId.Request, request.Piece, request.Begin, request.Length));
        }

        if (_scratch.Count == 0 && peer.Outstanding.Count == 0 && !peer.Have.Intersects(_picker.Wanted))
        {
            SetInterested(peer, false);
        }
    }

    private void FillOthers(PeerConnection except)
    {
        foreach (var peer in _peers)
        {
            FillRequests(peer);
        }

        _ = except;
    }

    private void SetInterested(PeerConnection peer, bool interested)
    {
        if (peer.AmInterested == interested)
        {
            return;
        }

        peer.AmInterested = interested;
        peer.Enqueue(new OutgoingMessage(interested ? MessageId.Interested : MessageId.NotInterested));
        if (interested)
        {
            FillRequests(peer);
        }
    }

    private void UpdateInterest(PeerConnection peer) => SetInterested(peer, peer.Have.Intersects(_picker.Wanted));

    private int UnchokedCount()
    {
        var count = 0;
        foreach (var peer in _peers)
        {
            if (!peer.AmChoking)
            {
                count++;
            }
        }

        return count;
    }

    // A newly interested peer should not wait up to 10 s for the next round when a slot is free.
    private void UnchokeIfSlotFree(PeerConnection peer)
    {
        if (peer.AmChoking && IsActive && UnchokedCount() < _engine.Settings.UploadSlots + 1 && HasCredit(peer))
        {
            Unchoke(peer);
        }
    }

    private bool HasCredit(PeerConnection peer) => _payment is null || _payment.HasCredit(new PaymentPeer(Id, peer.PeerIdHex));

    private static void Unchoke(PeerConnection peer)
    {
        if (!peer.AmChoking)
        {
            return;
        }

        peer.AmChoking = false;
        peer.Enqueue(new OutgoingMessage(MessageId.Unchoke));
    }

    private static void Choke(PeerConnection peer)
    {
        if (peer.AmChoking)
        {
            return;
        }

        peer.AmChoking = true;
        peer.Enqueue(new OutgoingMessage(MessageId.Choke));
        var dropped = peer.ClearUploads(r => peer.AllowedFastToPeer.Contains(r.Piece));
        if (peer.SupportsFast)
        {
            foreach (var request in dropped)
            {
                peer.Enqueue(new OutgoingMessage(MessageId.Reject, request.Piece, request.Begin, request.Length));
            }
        }
    }

    /// <summary>
    /// Tit-for-tat: unchoke the interested peers that give us the most (by their upload to us while
    /// downloading, by our upload to them while seeding), plus one optimistic unchoke rotated every 30 s.
    /// Snubbed peers and peers without payment credit get no regular slot.
    /// </summary>
    private void RunChoker(bool rotateOptimistic)
    {
        if (!IsActive)
        {
            return;
        }

        var seeding = _state == TransferState.Seeding;
        var candidates = _peers.Where(p => p.PeerInterested && !p.IsClosed && HasCredit(p)).ToList();
        candidates.Sort((a, b) =>
        {
            if (a.Snubbed != b.Snubbed)
            {
                return a.Snubbed ? 1 : -1;
            }

            var rateA = seeding ? a.Upload.Rate : a.Download.Rate;
            var rateB = seeding ? b.Upload.Rate : b.Download.Rate;
            return rateB.CompareTo(rateA);
        });

        var slots = _engine.Settings.UploadSlots;
        var unchoke = new HashSet<PeerConnection>(candidates.Where(p => !p.Snubbed).Take(slots));
        if (rotateOptimistic || _optimistic is null || _optimistic.IsClosed || !candidates.Contains(_optimistic) || unchoke.Contains(_optimistic))
        {
            var pool = candidates.Where(p => !unchoke.Contains(p)).ToList();
            _optimistic = pool.Count == 0 ? null : pool[Random.Shared.Next(pool.Count)];
        }

        foreach (var peer in _peers)
        {
            peer.Optimistic = peer == _optimistic;
            if (unchoke.Contains(peer) || peer.Optimistic)
            {
                Unchoke(peer);
            }
            else
            {
                Choke(peer);
            }
        }
    }

    /// <summary>
    /// Sizes each peer's request pipeline from its measured rate: enough 16 KiB requests to cover about
    /// two seconds of transfer, between 4 and 500, so one fast peer can fill the link.
    /// </summary>
    private static void AdaptQueueDepth(PeerConnection peer)
    {
        if (peer.Snubbed)
        {
            peer.QueueDepth = 1;
            return;
        }

        var target = (int)Math.Clamp(peer.Download.Rate * 2 / PieceDownload.BlockSize, MinQueueDepth, MaxQueueDepth);

        // Grow at once when the pipeline was the bottleneck; shrink gently so a pause does not starve the link.
        peer.QueueDepth = target >= peer.QueueDepth ? target : Math.Max(target, peer.QueueDepth * 3 / 4);
    }
}
