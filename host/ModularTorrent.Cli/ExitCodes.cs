namespace ModularTorrent.Cli;

/// <summary>The process exit codes of <c>mt</c>; scripts branch on these.</summary>
public static class ExitCodes
{
    /// <summary>Done: every piece verified (get), or seeding ended as asked (seed).</summary>
    public const int Success = 0;

    /// <summary>The transfer failed (disk error, data that does not match, a torrent error).</summary>
    public const int TransferFailed = 1;

    /// <summary>Bad arguments or an unreadable source; nothing was transferred.</summary>
    public const int InvalidInput = 2;

    /// <summary><c>--max-time</c> ran out before the download completed.</summary>
    public const int TimedOut = 3;

    /// <summary>Interrupted (Ctrl+C or SIGTERM) before completing.</summary>
    public const int Interrupted = 130;
}
