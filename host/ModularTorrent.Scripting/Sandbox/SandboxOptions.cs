namespace ModularTorrent.Scripting.Sandbox;

/// <summary>
/// Limits of the script sandbox. Jint 2.10's own limits have holes (see ARCHITECTURE.md, Scripting), so most of
/// these are enforced by the sandbox itself: guards woven into the parsed program, wrapped built-ins and a watchdog.
/// </summary>
public sealed record SandboxOptions
{
    /// <summary>Longest accepted source, in characters. Rules are small; a cap also bounds parser recursion.</summary>
    public int MaxSourceLength { get; init; } = 64 * 1024;

    /// <summary>Deepest accepted syntax tree (nested blocks, calls, operator chains).</summary>
    public int MaxNestingDepth { get; init; } = 64;

    /// <summary>Statements one evaluation may execute (Jint's own counter, which also counts the sandbox's guards).</summary>
    public int MaxStatements { get; init; } = 20_000;

    /// <summary>Wall-clock budget of one evaluation, checked before every statement and loop iteration.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Extra time the watchdog grants past <see cref="Timeout"/> before it gives up on a worker stuck inside one
    /// native call (a huge string operation, a regex) and answers the caller with a timeout.
    /// </summary>
    public TimeSpan WatchdogGrace { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Bytes one evaluation may allocate, engine included; checked before every statement.</summary>
    public long MaxAllocatedBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>Stack one evaluation may use below its starting point: bounds recursion through distinct functions.</summary>
    public int MaxStackBytes { get; init; } = 256 * 1024;

    /// <summary>Stack reserved for each worker thread: far above <see cref="MaxStackBytes"/> so native code between guards never overflows it.</summary>
    public int WorkerStackBytes { get; init; } = 256 * 1024 * 1024;

    /// <summary>Long-lived worker threads that run evaluations.</summary>
    public int Workers { get; init; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>Workers abandoned by the watchdog that may still be running; past this the sandbox refuses work until they end.</summary>
    public int MaxAbandonedWorkers { get; init; } = 4;

    /// <summary>Longest array (or array-like) the built-in array methods, <c>apply</c> and <c>JSON.stringify</c> accept.</summary>
    public int MaxArrayLength { get; init; } = 100_000;

    /// <summary>Deepest JSON text <c>JSON.parse</c> accepts inside a script.</summary>
    public int MaxJsonDepth { get; init; } = 32;

    /// <summary>Longest text <c>JSON.parse</c> accepts inside a script (the parser builds it all in one native call).</summary>
    public int MaxJsonLength { get; init; } = 64 * 1024;

    /// <summary>Longest facts JSON accepted, in characters.</summary>
    public int MaxFactsLength { get; init; } = 16 * 1024;

    /// <summary>Members a returned object may have.</summary>
    public int MaxResultMembers { get; init; } = 32;

    /// <summary>Longest string a result (or a member of it) may hold.</summary>
    public int MaxResultStringLength { get; init; } = 1024;

    /// <summary>Lines of <c>console.log</c> output kept per evaluation.</summary>
    public int MaxConsoleLines { get; init; } = 50;

    /// <summary>Characters of <c>console.log</c> output kept per evaluation; further output is dropped and marked.</summary>
    public int MaxConsoleChars { get; init; } = 8 * 1024;

    /// <summary>The process-wide default regex match timeout the sandbox installs and requires.</summary>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The defaults.</summary>
    public static SandboxOptions Default { get; } = new();
}
