namespace ModularTorrent.BitTorrent.Discovery;

/// <summary>The event an announce reports to a tracker (BEP 3). The numeric values are not the UDP wire values.</summary>
public enum AnnounceEvent
{
    /// <summary>A regular, periodic announce.</summary>
    None,

    /// <summary>The first announce of a download.</summary>
    Started,

    /// <summary>The download just finished (sent once, not when starting as a seeder).</summary>
    Completed,

    /// <summary>The client is leaving the swarm.</summary>
    Stopped,
}
