namespace ModularTorrent.Scripting.Sandbox;

/// <summary>A script was refused before it ran: too long, too deeply nested, a syntax error, no <c>rule</c> function.</summary>
public sealed class ScriptValidationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="field">The input field at fault, e.g. <c>source</c> or <c>sampleFacts</c>.</param>
    /// <param name="message">What is wrong, for the operator.</param>
    public ScriptValidationException(string field, string message)
        : base(message)
    {
        Field = field;
    }

    /// <summary>Creates the exception.</summary>
    public ScriptValidationException()
        : this("source", "The script is invalid.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    public ScriptValidationException(string message)
        : this("source", message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ScriptValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = "source";
    }

    /// <summary>The input field at fault, e.g. <c>source</c> or <c>sampleFacts</c>.</summary>
    public string Field { get; }
}
