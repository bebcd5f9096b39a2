namespace ModularTorrent.Scripting.Sandbox;

/// <summary>
/// Thrown by the sandbox's guards inside an evaluation. It is not a Jint <c>JavaScriptException</c>, so a script's
/// <c>try/catch</c> cannot swallow it: Jint 2.10 only catches its own JavaScript exceptions.
/// </summary>
public sealed class SandboxLimitException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="kind">Which limit was hit.</param>
    /// <param name="message">What happened, for the operator.</param>
    public SandboxLimitException(SandboxErrorKind kind, string message)
        : base(message)
    {
        Kind = kind;
    }

    /// <summary>Creates the exception (serialization and analyzers want this shape).</summary>
    public SandboxLimitException()
        : this(SandboxErrorKind.ScriptError, "Sandbox limit.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened.</param>
    public SandboxLimitException(string message)
        : this(SandboxErrorKind.ScriptError, message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public SandboxLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = SandboxErrorKind.ScriptError;
    }

    /// <summary>Which limit was hit.</summary>
    public SandboxErrorKind Kind { get; }
}
