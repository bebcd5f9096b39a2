namespace ModularTorrent.BitTorrent.Dht;

/// <summary>What <see cref="RoutingTable.Observe"/> did with a node.</summary>
public enum RoutingOutcome
{
    /// <summary>Our own id, or a known id at a different address (not trusted): nothing changed.</summary>
    Ignored,

    /// <summary>Already known: its timestamps were refreshed.</summary>
    Updated,

    /// <summary>Added to its bucket (possibly after a split or in place of a bad node).</summary>
    Added,

    /// <summary>The bucket is full of live-looking nodes: kept as a replacement; ping <c>stale</c> to decide.</summary>
    Pending,
}
