namespace ModularTorrent.Scripting.Rules;

/// <summary>A rule change was refused; <see cref="Field"/> names the input at fault (for a ProblemDetails).</summary>
public sealed class RuleValidationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="field">The input field at fault: <c>name</c>, <c>source</c>, <c>sampleFacts</c>, <c>facts</c>, <c>version</c>.</param>
    /// <param name="message">What is wrong.</param>
    public RuleValidationException(string field, string message)
        : base(message)
    {
        Field = field;
    }

    /// <summary>Creates the exception.</summary>
    public RuleValidationException()
        : this("source", "The rule is invalid.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    public RuleValidationException(string message)
        : this("source", message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public RuleValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = "source";
    }

    /// <summary>The input field at fault.</summary>
    public string Field { get; }
}
