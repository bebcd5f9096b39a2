namespace ModularTorrent.Cli;

/// <summary>How waiting on a transfer ended.</summary>
public enum TransferOutcome
{
    /// <summary>Every piece is verified.</summary>
    Complete,

    /// <summary>The torrent entered its error state.</summary>
    Failed,

    /// <summary><c>--max-time</c> ran out.</summary>
    TimedOut,

    /// <summary>The user stopped the program.</summary>
    Interrupted,
}
