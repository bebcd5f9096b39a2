using System.Buffers;
using System.Security.Cryptography;
using ModularTorrent.BitTorrent.Peers;
using ModularTorrent.BitTorrent.Pieces;
using ModularTorrent.BitTorrent.Wire;
using ModularTorrent.Sdk.Events;
using ModularTorrent.Sdk.Payments;
using ModularTorrent.Sdk.Plugins;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.BitTorrent.Torrents;

public sealed partial class Torrent
{
    internal ValueTask ThrottleDownloadAsync(int bytes, CancellationToken cancellationToken)
    {
        var global = _engine.DownloadLimit.ConsumeAsync(bytes, cancellationToken);
        return global.IsCompletedSuccessfully ? _downloadLimit.ConsumeAsync(bytes, cancellationToken) : ChainAsync(global, _downloadLimit, bytes, cancellationToken);
    }

    internal ValueTask ThrottleUploadAsync(int bytes, CancellationToken cancellationToken)
    {
        var global = _engine.UploadLimit.ConsumeAsync(bytes, cancellationToken);
        return global.IsCompletedSuccessfully ? _uploadLimit.ConsumeAsync(bytes, cancellationToken) : ChainAsync(global, _uploadLimit, bytes, cancellationToken);
    }

    private static async ValueTask ChainAsync(ValueTask first, TokenBucket second, int bytes, CancellationToken cancellationToken)
    {
        await first;
        await second.ConsumeAsync(bytes, cancellationToken);
    }

    /// <summary>The data path of one received block: bookkeeping under the lock, then write at its offset and hash outside it.</summary>
    private void OnBlock(PeerConnection peer, int index, int begin, ReadOnlySequence<byte> data)
    {
        var length = (int)data.Length;
        PieceDownload? download;
        int block;
        List<PeerConnection>? cancelAt = null;
        lock (_lock)
        {
            var key = BlockRequest.KeyOf(index, begin);
            var wasOutstanding = peer.Outstanding.Remove(key);
            peer.LastBlockAt = Clock.GetTimestamp();
            peer.Snubbed = false;
            if (!_picker.Downloads.TryGetValue(index, out download))
            {
                _wastedBytes += length;
                FillRequests(peer);
                return;
            }

            block = begin / PieceDownload.BlockSize;
            if (begin % PieceDownload.BlockSize != 0 || block >= download.BlockCount || length != download.BlockLength(block))
            {
                if (wasOutstanding)
                {
                    throw new PeerProtocolException($"Piece {index} block at {begin} has {length} bytes, which is not the block we requested.");
                }

                _wastedBytes += length;
                return;
            }

            if (wasOutstanding && download.Requests[block] > 0)
            {
                download.Requests[block]--;
            }

            if (download.Received[block])
            {
                // An end-game duplicate that crossed our cancel.
                _wastedBytes += length;
                FillRequests(peer);
                return;
            }

            download.Received[block] = true;
            download.ReceivedCount++;
            download.Sources[block] = peer;
            _picker.Partial.Set(index, true);
            if (download.Requests[block] > 0)
            {
                // End game: others were asked for this block too; cancel theirs.
                foreach (var other in _peers)
                {
                    if (other != peer && other.Outstanding.Remove(key))
                    {
                        (cancelAt ??= []).Add(other);
                    }
                }

                download.Requests[block] = 0;
            }

            _resumeDirty = true;
            FillRequests(peer);
        }

        if (cancelAt is not null)
        {
            foreach (var other in cancelAt)
            {
                other.Enqueue(new OutgoingMessage(MessageId.Cancel, index, begin, length));
            }
        }

        peer.Download.Add(length);
        _downloadRate.Add(length);
        _payment?.OnBlockReceived(new PaymentPeer(Id, peer.PeerIdHex), length);

        if (WriteBlock(peer, download, block, data))
        {
            FinishPiece(download);
        }
    }

    /// <summary>Writes one block and advances the piece hash over the contiguous written prefix.</summary>
    /// <returns>True when this write completed the piece.</returns>
    private bool WriteBlock(PeerConnection peer, PieceDownload download, int block, ReadOnlySequence<byte> data)
    {
        var pieceOffset = (long)download.Index * Metainfo.PieceLength;
        lock (download.WriteLock)
        {
            if (download.Abandoned)
            {
                return false;
            }

            try
            {
                _storage.Write(pieceOffset + ((long)block * PieceDownload.BlockSize), data);
                download.Written[block] = true;
                download.WrittenCount++;
                while (download.HashedBlocks < download.BlockCount && download.Written[download.HashedBlocks])
                {
                    var next = download.HashedBlocks;
                    if (next == block)
                    {
                        foreach (var segment in data)
                        {
                            download.Hasher.AppendData(segment.Span);
                        }
                    }
                    else
                    {
                        HashFromDisk(download, next, pieceOffset);
                    }

                    download.HashedBlocks++;
                }
            }
            catch (IOException ex)
            {
                download.Abandoned = true;
                Fail($"Writing piece {download.Index} failed: {ex.Message}");
                peer.Close("stopped: disk error");
                return false;
            }

            return download.WrittenCount == download.BlockCount;
        }
    }

    // A block that arrived ahead of a gap was written but not hashed; read it back (from the page cache, usually).
    private void HashFromDisk(PieceDownload download, int block, long pieceOffset)
    {
        var length = download.BlockLength(block);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            if (!_storage.TryRead(pieceOffset + ((long)block * PieceDownload.BlockSize), buffer.AsSpan(0, length)))
            {
                throw new IOException($"Block {block} of piece {download.Index} vanished from disk.");
            }

            download.Hasher.AppendData(buffer, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void FinishPiece(PieceDownload download)
    {
        Span<byte> hash = stackalloc byte[20];
        lock (download.WriteLock)
        {
            if (download.Abandoned)
            {
                // Started over meanwhile (its sender was banned, or a recheck began).
                return;
            }

            download.Hasher.GetHashAndReset(hash);
        }

        var index = download.Index;
        if (hash.SequenceEqual(Metainfo.GetPieceHash(index)))
        {
            OnPieceVerified(download);
        }
        else
        {
            OnPieceFailed(download);
        }
    }

    private void OnPieceVerified(PieceDownload download)
    {
        lock (_lock)
        {
            _picker.Downloads.Remove(download.Index);
        }

        download.Dispose();
        OnPieceVerified(download.Index, download.Length);
    }

    /// <summary>Bookkeeping for a piece that passed its hash, from peers or a web seed: mark it, announce it, finish when all is here.</summary>
    private void OnPieceVerified(int index, int length)
    {
        FailedPiece? failedBefore;
        var completed = false;
        List<PeerConnection> announceTo;
        lock (_lock)
        {
            if (_picker.Have[index])
            {
                return;
            }

            _picker.MarkHave(index);
            _verifiedBytes += length;
            _resumeDirty = true;
            _failedPieces.Remove(index, out failedBefore);
            announceTo = [.. _peers];
            foreach (var peer in _peers)
            {
                if (peer.AmInterested)
                {
                    UpdateInterest(peer);
                }
            }

            if (_state == TransferState.Downloading && _picker.Wanted.SetCount == 0)
            {
                completed = true;
            }
        }

        foreach (var peer in announceTo)
        {
            peer.Enqueue(new OutgoingMessage(MessageId.Have, index));
        }

        Publish(new PieceVerified(Id, index) { Timestamp = Now });
        if (failedBefore is not null)
        {
            SmartBan(index, failedBefore);
        }

        if (completed)
        {
            OnDownloadFinished();
        }
    }

    private void OnPieceFailed(PieceDownload download)
    {
        var index = download.Index;
        var pieceOffset = (long)index * Metainfo.PieceLength;
        var blockHashes = new byte[download.BlockCount][];
        lock (download.WriteLock)
        {
            download.Abandoned = true;
            var buffer = ArrayPool<byte>.Shared.Rent(PieceDownload.BlockSize);
            try
            {
                for (var b = 0; b < download.BlockCount; b++)
                {
                    var length = download.BlockLength(b);
                    blockHashes[b] = _storage.TryRead(pieceOffset + ((long)b * PieceDownload.BlockSize), buffer.AsSpan(0, length))
                        ? SHA1.HashData(buffer.AsSpan(0, length))
                        : [];
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        List<(PeerConnection Peer, string Reason)> toBan = [];
        string[] endpoints;
        lock (_lock)
        {
            _picker.Downloads.Remove(index);
            _picker.InProgress.Set(index, false);
            _picker.Partial.Set(index, false);
            foreach (var peer in _peers)
            {
                foreach (var b in Enumerable.Range(0, download.BlockCount))
                {
                    peer.Outstanding.Remove(BlockRequest.KeyOf(index, b * PieceDownload.BlockSize));
                }
            }

            var sources = download.Sources.Where(s => s is not null).Select(s => s!).Distinct().ToList();
            endpoints = sources.Select(s => s.EndpointText).ToArray();
            _failedPieces[index] = new FailedPiece(blockHashes, (PeerConnection?[])download.Sources.Clone());
            foreach (var source in sources)
            {
                source.HashFailures++;
                if (sources.Count == 1)
                {
                    toBan.Add((source, $"sent every block of piece {index}, which failed its hash check"));
                }
                else if (source.HashFailures >= _engine.Settings.MaxHashFailuresPerPeer)
                {
                    toBan.Add((source, $"took part in {source.HashFailures} pieces that failed their hash check"));
                }
            }

            _resumeDirty = true;
        }

        download.Dispose();
        Log(PluginLogLevel.Warning, $"Piece {index} failed its hash check (data from {string.Join(", ", endpoints)}); downloading it again.");
        Publish(new PieceFailed(Id, index, endpoints) { Timestamp = Now });
        foreach (var (peer, reason) in toBan)
        {
            Ban(peer, reason);
        }

        lock (_lock)
        {
            foreach (var peer in _peers)
            {
                FillRequests(peer);
            }
        }
    }

    private void SmartBan(int index, FailedPiece failed)
    {
        var pieceOffset = (long)index * Metainfo.PieceLength;
        var pieceLength = Metainfo.GetPieceLength(index);
        var buffer = ArrayPool<byte>.Shared.Rent(PieceDownload.BlockSize);
        var culprits = new HashSet<PeerConnection>();
        try
        {
            for (var b = 0; b < failed.BlockHashes.Length; b++)
            {
                var length = Math.Min(PieceDownload.BlockSize, pieceLength - (b * PieceDownload.BlockSize));
                // A block that could not be read back when the piece failed proves nothing either way.
                if (failed.Sources[b] is { } source
                    && failed.BlockHashes[b].Length != 0
                    && _storage.TryRead(pieceOffset + ((long)b * PieceDownload.BlockSize), buffer.AsSpan(0, length))
                    && !SHA1.HashData(buffer.AsSpan(0, length)).AsSpan().SequenceEqual(failed.BlockHashes[b]))
                {
                    culprits.Add(source);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        foreach (var culprit in culprits)
        {
            Ban(culprit, $"sent a block of piece {index} that differs from the verified data");
        }
    }

    internal bool MayServe(PeerConnection peer, BlockRequest request)
    {
        bool allowed;
        lock (_lock)
        {
            allowed = _picker.Have[request.Piece]
                && (_state is TransferState.Downloading or TransferState.Seeding)
                && (!peer.AmChoking || peer.AllowedFastToPeer.Contains(request.Piece));
        }

        if (allowed && _payment is not null && !_payment.HasCredit(new PaymentPeer(Id, peer.PeerIdHex)))
        {
            lock (_lock)
            {
                Choke(peer);
            }

            allowed = false;
        }

        if (!allowed && peer.SupportsFast)
        {
            peer.Enqueue(new OutgoingMessage(MessageId.Reject, request.Piece, request.Begin, request.Length));
        }

        return allowed;
    }

    internal bool ReadBlock(BlockRequest request, Span<byte> destination)
    {
        try
        {
            return _storage.TryRead(((long)request.Piece * Metainfo.PieceLength) + request.Begin, destination);
        }
        catch (IOException ex)
        {
            Log(PluginLogLevel.Warning, $"Reading piece {request.Piece} to upload failed: {ex.Message}");
            return false;
        }
    }

    internal void OnBlockSent(PeerConnection peer, int bytes)
    {
        _uploadRate.Add(bytes);
        _payment?.OnBlockSent(new PaymentPeer(Id, peer.PeerIdHex), bytes);
    }
}
