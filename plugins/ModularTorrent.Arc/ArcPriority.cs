namespace ModularTorrent.Arc;

/// <summary>How soon a transaction leaves the queue: every urgent one before any high one, and so on; FIFO within a priority.</summary>
public enum ArcPriority
{
    /// <summary>Sent after everything else.</summary>
    Low = 0,

    /// <summary>The default.</summary>
    Normal = 1,

    /// <summary>Sent before normal and low.</summary>
    High = 2,

    /// <summary>Sent first.</summary>
    Urgent = 3,
}
