namespace ModularTorrent.Storage;

/// <summary>
/// The database could not be made ready at start-up: bad configuration, an unreachable server,
/// rejected credentials, or a migration that failed. The message names the cause; the host
/// prints it and refuses to start.
/// </summary>
public sealed class StorageStartupException : Exception
{
    /// <summary>Creates the exception with a message that names the cause.</summary>
    /// <param name="message">What went wrong, in words an operator can act on.</param>
    public StorageStartupException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message that names the cause and the underlying error.</summary>
    /// <param name="message">What went wrong, in words an operator can act on.</param>
    /// <param name="innerException">The provider's error.</param>
    public StorageStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception without a message; prefer the constructors that name the cause.</summary>
    public StorageStartupException()
        : base("The database could not be made ready.")
    {
    }
}
