using ModularTorrent.BitTorrent.Peers;
using ModularTorrent.Sdk.Pieces;

namespace ModularTorrent.BitTorrent.Pieces;

/// <summary>
/// Decides which blocks to request from a peer: first the unrequested blocks of pieces already in
/// progress, then new pieces chosen by the selection policy, then (end game) blocks already requested
/// elsewhere, so the last pieces do not wait on one slow peer. Used under the torrent lock only.
/// </summary>
internal sealed class PiecePicker
{
    /// <summary>At most this many peers are asked for the same block in end game.</summary>
    public const int MaxEndGameDuplicates = 2;

    private readonly Func<int, int> _pieceLength;

    public PiecePicker(int pieceCount, Func<int, int> pieceLength, IPieceSelectionPolicy policy)
    {
        _pieceLength = pieceLength;
        PieceCount = pieceCount;
        Have = new Bitfield(pieceCount);
        Wanted = new Bitfield(pieceCount);
        Wanted.SetAll();
        InProgress = new Bitfield(pieceCount);
        Partial = new Bitfield(pieceCount);
        EverRequested = new Bitfield(pieceCount);
        Availability = new int[pieceCount];
        Priorities = new byte[pieceCount];
        Array.Fill(Priorities, (byte)Sdk.Protocols.FilePriority.Normal);
        Policy = policy;
    }

    public int PieceCount { get; }

    public Bitfield Have { get; }

    /// <summary>Pieces with a non-zero priority that we do not have yet.</summary>
    public Bitfield Wanted { get; }

    public Bitfield InProgress { get; }

    public Bitfield Partial { get; }

    /// <summary>Every piece we ever sent a request for (diagnostics: a resumed torrent must not re-request verified pieces).</summary>
    public Bitfield EverRequested { get; }

    public int[] Availability { get; }

    public byte[] Priorities { get; }

    public Dictionary<int, PieceDownload> Downloads { get; } = [];

    public IPieceSelectionPolicy Policy { get; set; }

    public IPieceSelectionPolicy Fallback { get; } = new InOrderSelectionPolicy();

    /// <summary>Set when a policy threw; the picker then uses <see cref="Fallback"/> for the rest of the torrent's life.</summary>
    public Exception? PolicyFailure { get; private set; }

    public bool IsEndGame { get; private set; }

    public void MarkHave(int index)
    {
        Have.Set(index, true);
        Wanted.Set(index, false);
        InProgress.Set(index, false);
        Partial.Set(index, false);
    }

    public void SetPriority(int index, byte priority)
    {
        Priorities[index] = priority;
        Wanted.Set(index, priority != 0 && !Have[index]);
    }

    /// <summary>Appends up to <paramref name="max"/> block requests for <paramref name="peer"/> to <paramref name="output"/>.</summary>
    public void Pick(IRequestingPeer peer, int max, List<BlockRequest> output)
    {
        var peerHas = peer.Have;
        if (peer.PeerChoking)
        {
            // Choked: only pieces the peer allowed us to fetch anyway (BEP 6 allowed fast).
            if (peer.AllowedFastFromPeer.Count == 0)
            {
                return;
            }

            peerHas = new Bitfield(PieceCount);
            foreach (var index in peer.AllowedFastFromPeer)
            {
                if (peer.Have[index])
                {
                    peerHas.Set(index, true);
                }
            }
        }

        var start = output.Count;
        foreach (var download in Downloads.Values)
        {
            if (output.Count - start >= max)
            {
                return;
            }

            if (peerHas[download.Index] && MayJoin(peer, download))
            {
                RequestFrom(download, peer, max - (output.Count - start), output);
            }
        }

        Span<int> picks = stackalloc int[8];
        while (output.Count - start < max)
        {
            var count = Select(peerHas, picks);
            if (count == 0)
            {
                break;
            }

            var added = false;
            for (var i = 0; i < count; i++)
            {
                var index = picks[i];

                // The policy is a plugin: check its answer instead of trusting it.
                if ((uint)index >= (uint)PieceCount || !peerHas[index] || Have[index] || InProgress[index] || Priorities[index] == 0)
                {
                    continue;
                }

                var download = new PieceDownload(index, _pieceLength(index)) { Owner = peer.OnParole ? peer : null };
                Downloads[index] = download;
                InProgress.Set(index, true);
                added = true;
                RequestFrom(download, peer, max - (output.Count - start), output);
                if (output.Count - start >= max)
                {
                    break;
                }
            }

            if (!added)
            {
                break;
            }
        }

        IsEndGame = Downloads.Count > 0 && Downloads.Count == Wanted.SetCount;
        if (output.Count - start < max && IsEndGame)
        {
            PickEndGame(peer, peerHas, max - (output.Count - start), output);
        }
    }

    /// <summary>
    /// A peer on parole works only on pieces of its own (it claims an untouched one), and nobody joins a piece
    /// owned by a peer on parole.
    /// </summary>
    private static bool MayJoin(IRequestingPeer peer, PieceDownload download)
    {
        if (download.Owner is not null)
        {
            return download.Owner == peer;
        }

        if (!peer.OnParole)
        {
            return true;
        }

        if (download.ReceivedCount != 0)
        {
            return false;
        }

        foreach (var count in download.Requests)
        {
            if (count != 0)
            {
                return false;
            }
        }

        download.Owner = peer;
        return true;
    }

    /// <summary>Forgets the owner of pieces a departed peer had to itself, so others can finish them.</summary>
    public void ReleaseOwnership(IRequestingPeer peer)
    {
        foreach (var download in Downloads.Values)
        {
            if (download.Owner == peer)
            {
                download.Owner = null;
            }
        }
    }

    /// <summary>Returns a request to the pool (rejected, cancelled, or the peer left).</summary>
    public void Release(long key)
    {
        var piece = (int)(key >> 32);
        var begin = (int)(uint)key;
        if (Downloads.TryGetValue(piece, out var download))
        {
            var block = begin / PieceDownload.BlockSize;
            if (block < download.BlockCount && download.Requests[block] > 0)
            {
                download.Requests[block]--;
                if (download.Requests[block] == 0 && !download.Received[block] && block < download.NextUnrequestedHint)
                {
                    download.NextUnrequestedHint = block;
                }
            }
        }
    }

    private void RequestFrom(PieceDownload download, IRequestingPeer peer, int max, List<BlockRequest> output)
    {
        var added = 0;
        while (added < max)
        {
            var block = download.FindUnrequested();
            if (block < 0)
            {
                return;
            }

            download.Requests[block]++;
            var request = new BlockRequest(download.Index, block * PieceDownload.BlockSize, download.BlockLength(block));
            peer.Outstanding.Add(request.Key);
            EverRequested.Set(download.Index, true);
            output.Add(request);
            added++;
        }
    }

    private void PickEndGame(IRequestingPeer peer, Bitfield peerHas, int max, List<BlockRequest> output)
    {
        var added = 0;
        foreach (var download in Downloads.Values)
        {
            if (!peerHas[download.Index] || !MayJoin(peer, download))
            {
                continue;
            }

            for (var block = 0; block < download.BlockCount && added < max; block++)
            {
                if (download.Received[block] || download.Requests[block] >= MaxEndGameDuplicates)
                {
                    continue;
                }

                var key = BlockRequest.KeyOf(download.Index, block * PieceDownload.BlockSize);
                if (!peer.Outstanding.Add(key))
                {
                    continue;
                }

                download.Requests[block]++;
                output.Add(new BlockRequest(download.Index, block * PieceDownload.BlockSize, download.BlockLength(block)));
                added++;
            }
        }
    }

    private int Select(Bitfield peerHas, Span<int> picks)
    {
        var context = new PieceSelectionContext(
            Have.AsReadOnly(),
            peerHas.AsReadOnly(),
            InProgress.AsReadOnly(),
            Partial.AsReadOnly(),
            Availability,
            Priorities,
            Random.Shared.Next());
        if (PolicyFailure is null)
        {
            try
            {
                return Policy.SelectPieces(context, picks);
            }
            catch (Exception ex)
            {
                PolicyFailure = ex;
            }
        }

        return Fallback.SelectPieces(context, picks);
    }
}
