namespace ModularTorrent.Arc.Outbox;

/// <summary>Where a transaction in the outbox stands.</summary>
public enum OutboxState
{
    /// <summary>Stored, not yet confirmed by ARC: sent again after a restart.</summary>
    Pending = 0,

    /// <summary>ARC holds it; its status is followed until final.</summary>
    Accepted = 1,

    /// <summary>Mined: nothing more to do.</summary>
    Completed = 2,

    /// <summary>ARC refused it (rejected, fee too low, double spend).</summary>
    Failed = 3,
}
