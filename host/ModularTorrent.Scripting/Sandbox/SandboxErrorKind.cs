namespace ModularTorrent.Scripting.Sandbox;

/// <summary>Why an evaluation failed.</summary>
public enum SandboxErrorKind
{
    /// <summary>It did not fail.</summary>
    None = 0,

    /// <summary>The script threw, or referenced something that does not exist.</summary>
    ScriptError = 1,

    /// <summary>It ran past its time budget (or the watchdog gave up on it).</summary>
    Timeout = 2,

    /// <summary>It executed more statements than allowed.</summary>
    StatementLimit = 3,

    /// <summary>It allocated more memory than allowed.</summary>
    MemoryLimit = 4,

    /// <summary>It recursed deeper than allowed.</summary>
    StackLimit = 5,

    /// <summary>It hit a size cap: a too-long array, too-deep JSON, too-large output.</summary>
    SizeLimit = 6,

    /// <summary>It returned something other than a number, string, boolean, null or flat object of those.</summary>
    InvalidResult = 7,

    /// <summary>It does not define <c>function rule(facts)</c>.</summary>
    MissingRule = 8,

    /// <summary>The sandbox refused the work: too many abandoned workers still running, or it is shutting down.</summary>
    Unavailable = 9,
}
