namespace ModularTorrent.Cli;

/// <summary>An error to show the user as one line, with the exit code it ends the process with.</summary>
public sealed class CliException : Exception
{
    /// <summary>Creates an invalid-input error.</summary>
    public CliException()
        : this(ExitCodes.InvalidInput, "Invalid input.")
    {
    }

    /// <summary>Creates an invalid-input error.</summary>
    /// <param name="message">What to show.</param>
    public CliException(string message)
        : this(ExitCodes.InvalidInput, message)
    {
    }

    /// <summary>Creates an invalid-input error with a cause.</summary>
    /// <param name="message">What to show.</param>
    /// <param name="innerException">The cause.</param>
    public CliException(string message, Exception innerException)
        : base(message, innerException) => ExitCode = ExitCodes.InvalidInput;

    /// <summary>Creates an error with an exit code.</summary>
    /// <param name="exitCode">One of <see cref="ExitCodes"/>.</param>
    /// <param name="message">What to show.</param>
    public CliException(int exitCode, string message)
        : base(message) => ExitCode = exitCode;

    /// <summary>The exit code.</summary>
    public int ExitCode { get; }
}
