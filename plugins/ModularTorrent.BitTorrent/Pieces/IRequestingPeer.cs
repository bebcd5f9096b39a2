namespace ModularTorrent.BitTorrent.Pieces;

/// <summary>What the picker needs to know about a peer it picks blocks for.</summary>
internal interface IRequestingPeer
{
    /// <summary>Pieces the peer has.</summary>
    Bitfield Have { get; }

    /// <summary>Whether the peer chokes us.</summary>
    bool PeerChoking { get; }

    /// <summary>Pieces the peer lets us fetch while choked (BEP 6).</summary>
    HashSet<int> AllowedFastFromPeer { get; }

    /// <summary>Keys of our requests the peer has not answered yet.</summary>
    HashSet<long> Outstanding { get; }

    /// <summary>
    /// Took part in a piece that failed its hash check: it only gets whole pieces of its own, so if it sends bad
    /// data again the piece has a single source and the culprit is certain (libtorrent's "parole").
    /// </summary>
    bool OnParole { get; }
}
