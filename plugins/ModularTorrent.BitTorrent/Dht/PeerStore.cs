using System.Net;
using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.Dht;

/// <summary>
/// Peers announced to us with <c>announce_peer</c>, per info-hash, each expiring after a fixed time. Bounded in
/// torrents and peers per torrent so a flood of announces cannot grow it without limit. Thread-safe.
/// </summary>
public sealed class PeerStore
{
    private readonly Dictionary<InfoHash, Dictionary<IPEndPoint, DateTimeOffset>> _peers = [];
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;
    private readonly int _maxTorrents;
    private readonly int _maxPeersPerTorrent;
    private readonly Lock _gate = new();

    /// <summary>Creates a store.</summary>
    public PeerStore(TimeProvider time, TimeSpan lifetime, int maxTorrents, int maxPeersPerTorrent)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _lifetime = lifetime;
        _maxTorrents = maxTorrents;
        _maxPeersPerTorrent = maxPeersPerTorrent;
    }

    /// <summary>Torrents with at least one live peer.</summary>
    public int TorrentCount
    {
        get
        {
            lock (_gate)
            {
                return _peers.Count;
            }
        }
    }

    /// <summary>Adds or refreshes a peer. False when the store is full.</summary>
    public bool Add(InfoHash infoHash, IPEndPoint peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (!_peers.TryGetValue(infoHash, out var peers))
            {
                if (_peers.Count >= _maxTorrents)
                {
                    ExpireLocked(now);
                    if (_peers.Count >= _maxTorrents)
                    {
                        return false;
                    }
                }

                peers = [];
                _peers[infoHash] = peers;
            }

            if (!peers.ContainsKey(peer) && peers.Count >= _maxPeersPerTorrent)
            {
                // Make room by dropping the entry closest to expiry: fresh announces matter more.
                var oldest = peers.MinBy(p => p.Value).Key;
                peers.Remove(oldest);
            }

            peers[peer] = now + _lifetime;
            return true;
        }
    }

    /// <summary>Up to <paramref name="max"/> live peers for <paramref name="infoHash"/>, in random order.</summary>
    public List<IPEndPoint> Get(InfoHash infoHash, int max)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (!_peers.TryGetValue(infoHash, out var peers))
            {
                return [];
            }

            var live = peers.Where(p => p.Value > now).Select(p => p.Key).ToList();
            if (live.Count > max)
            {
                var shuffled = live.ToArray();
                Random.Shared.Shuffle(shuffled);
                return [.. shuffled.Take(max)];
            }

            return live;
        }
    }

    /// <summary>Drops expired peers and empty torrents.</summary>
    public void Expire()
    {
        lock (_gate)
        {
            ExpireLocked(_time.GetUtcNow());
        }
    }

    private void ExpireLocked(DateTimeOffset now)
    {
        foreach (var (hash, peers) in _peers.ToList())
        {
            foreach (var (peer, expiry) in peers.ToList())
            {
                if (expiry <= now)
                {
                    peers.Remove(peer);
                }
            }

            if (peers.Count == 0)
            {
                _peers.Remove(hash);
            }
        }
    }
}
