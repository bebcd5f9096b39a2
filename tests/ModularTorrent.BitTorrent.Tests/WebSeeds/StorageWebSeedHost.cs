using System.Collections.Concurrent;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.Pieces;
using ModularTorrent.BitTorrent.Storage;
using ModularTorrent.BitTorrent.WebSeeds;

namespace ModularTorrent.BitTorrent.Tests.WebSeeds;

/// <summary>
/// A torrent-shaped host for web seeds, the way the engine is meant to wire them: picker sets under one lock,
/// real <see cref="TorrentStorage"/> on disk, verified pieces written and marked had. <see cref="PeersInProgress"/>
/// stands for pieces peers are downloading (the test decides which), so the web seeds must leave them alone.
/// </summary>
public sealed class StorageWebSeedHost : IWebSeedHost, IDisposable
{
    private readonly Lock _lock = new();
    private readonly TorrentMetainfo _metainfo;
    private long _throttled;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StorageWebSeedHost(TorrentMetainfo metainfo, string savePath, WebSeedScheduler scheduler)
    {
        _metainfo = metainfo;
        Scheduler = scheduler;
        Storage = new TorrentStorage(metainfo, savePath);
        Wanted = new Bitfield(metainfo.PieceCount);
        Wanted.SetAll();
        InProgress = new Bitfield(metainfo.PieceCount);
        PeersInProgress = new Bitfield(metainfo.PieceCount);
        Availability = new int[metainfo.PieceCount];
    }

    public WebSeedScheduler Scheduler { get; }

    public TorrentStorage Storage { get; }

    public Bitfield Wanted { get; }

    /// <summary>Pieces in progress from any source (peers and web seeds), as the picker's InProgress.</summary>
    public Bitfield InProgress { get; }

    public Bitfield PeersInProgress { get; }

    public int[] Availability { get; }

    public ConcurrentQueue<(Uri Seed, int Piece)> Stored { get; } = new();

    public ConcurrentQueue<(Uri Seed, WebSeedResult Result)> Released { get; } = new();

    public ConcurrentDictionary<Uri, string> Dropped { get; } = new();

    /// <summary>Completes when every wanted piece is stored.</summary>
    public Task Completed => _done.Task;

    public int ReservePiece(WebSeedPeer seed)
    {
        lock (_lock)
        {
            var piece = Scheduler.Pick(seed.Url, Wanted, InProgress, Availability);
            if (piece >= 0)
            {
                InProgress.Set(piece, true);
            }

            return piece;
        }
    }

    /// <summary>Bytes let through the rate limit (a real limit is the engine's token buckets; here the count is checked).</summary>
    public long ThrottledBytes => Interlocked.Read(ref _throttled);

    public ValueTask ThrottleAsync(WebSeedPeer seed, int bytes, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Add(ref _throttled, bytes);
        return ValueTask.CompletedTask;
    }

    public ValueTask StoreVerifiedPieceAsync(WebSeedPeer seed, int piece, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        Storage.Write((long)piece * _metainfo.PieceLength, data.Span);
        lock (_lock)
        {
            Wanted.Set(piece, false);
            InProgress.Set(piece, false);
            Stored.Enqueue((seed.Url, piece));
            if (Wanted.SetCount == 0)
            {
                _done.TrySetResult();
            }
        }

        return ValueTask.CompletedTask;
    }

    public void ReleasePiece(WebSeedPeer seed, WebSeedResult result)
    {
        lock (_lock)
        {
            InProgress.Set(result.Piece, PeersInProgress[result.Piece]);
            Released.Enqueue((seed.Url, result));
        }
    }

    public void OnDropped(WebSeedPeer seed, string reason) => Dropped[seed.Url] = reason;

    /// <summary>Marks pieces as being fetched by peers (they stay in progress until <see cref="PeerFinished"/>).</summary>
    public void PeersFetch(params int[] pieces)
    {
        lock (_lock)
        {
            foreach (var piece in pieces)
            {
                PeersInProgress.Set(piece, true);
                InProgress.Set(piece, true);
            }
        }
    }

    /// <summary>What the peer path does when a peer's piece passes its hash: store it and mark it had.</summary>
    public void PeerFinished(int piece, ReadOnlySpan<byte> data)
    {
        Storage.Write((long)piece * _metainfo.PieceLength, data);
        lock (_lock)
        {
            PeersInProgress.Set(piece, false);
            InProgress.Set(piece, false);
            Wanted.Set(piece, false);
            if (Wanted.SetCount == 0)
            {
                _done.TrySetResult();
            }
        }
    }

    public void Dispose() => Storage.Dispose();
}
