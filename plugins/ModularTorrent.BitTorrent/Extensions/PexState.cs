using System.Net;

namespace ModularTorrent.BitTorrent.Extensions;

/// <summary>
/// The PEX bookkeeping for one connection: which peers we last told it about, so each message carries only the
/// difference, and the BEP 11 pacing of at most one message per minute in each direction. Thread-safe.
/// </summary>
public sealed class PexState
{
    private readonly Dictionary<IPEndPoint, PexFlags> _sent = [];
    private readonly TimeSpan _interval;
    private readonly int _maxPerList;
    private readonly Lock _gate = new();
    private DateTimeOffset? _lastSent;
    private DateTimeOffset? _lastReceived;

    /// <summary>Creates the state for one peer.</summary>
    /// <param name="interval">Minimum time between messages (one minute in BEP 11; shorter in tests).</param>
    /// <param name="maxPerList">Most added and dropped peers per message (50 as libtorrent sends).</param>
    public PexState(TimeSpan? interval = null, int maxPerList = 50)
    {
        _interval = interval ?? TimeSpan.FromMinutes(1);
        _maxPerList = Math.Clamp(maxPerList, 1, PexCodec.MaxPeersPerList);
    }

    /// <summary>
    /// The message to send now, or null when the last one was under a minute ago or nothing changed. Peers beyond the
    /// per-message cap wait for the next message.
    /// </summary>
    /// <param name="connected">Our currently connected peers with their listen endpoints (the recipient itself is excluded by <paramref name="recipient"/>).</param>
    /// <param name="recipient">The peer the message goes to (never told about itself).</param>
    /// <param name="now">The time.</param>
    public PexMessage? CreateMessage(IEnumerable<PexPeer> connected, IPEndPoint? recipient, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(connected);
        lock (_gate)
        {
            if (_lastSent is { } last && now - last < _interval)
            {
                return null;
            }

            var current = new Dictionary<IPEndPoint, PexFlags>();
            foreach (var peer in connected)
            {
                if (recipient is null || !peer.EndPoint.Equals(recipient))
                {
                    current.TryAdd(peer.EndPoint, peer.Flags);
                }
            }

            var added = current.Where(p => !_sent.ContainsKey(p.Key)).Take(_maxPerList).Select(p => new PexPeer(p.Key, p.Value)).ToList();
            var dropped = _sent.Keys.Where(p => !current.ContainsKey(p)).Take(_maxPerList).Select(p => new PexPeer(p)).ToList();
            if (added.Count == 0 && dropped.Count == 0)
            {
                return null;
            }

            foreach (var peer in added)
            {
                _sent[peer.EndPoint] = peer.Flags;
            }

            foreach (var peer in dropped)
            {
                _sent.Remove(peer.EndPoint);
            }

            _lastSent = now;
            return new PexMessage(added, dropped);
        }
    }

    /// <summary>
    /// Records a message received from this peer. False when it came less than a minute after the previous one
    /// (BEP 11 allows one per minute): ignore it, and consider closing a peer that keeps doing it.
    /// </summary>
    public bool AcceptIncoming(DateTimeOffset now)
    {
        lock (_gate)
        {
            // A little slack for timer jitter on the sender's side.
            if (_lastReceived is { } last && now - last < _interval - TimeSpan.FromSeconds(_interval.TotalSeconds / 10))
            {
                return false;
            }

            _lastReceived = now;
            return true;
        }
    }
}
