namespace ModularTorrent.Runtime.Transfers;

/// <summary>The transfer exists but no loaded handler runs it now (its plugin is unloaded), so it cannot be controlled.</summary>
public sealed class TransferNotRunningException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TransferNotRunningException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public TransferNotRunningException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public TransferNotRunningException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
