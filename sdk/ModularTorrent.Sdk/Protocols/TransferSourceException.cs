namespace ModularTorrent.Sdk.Protocols;

/// <summary>A transfer source that cannot be used: malformed, unreachable, or a duplicate.</summary>
public sealed class TransferSourceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TransferSourceException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong with the source.</param>
    public TransferSourceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What is wrong with the source.</param>
    /// <param name="innerException">The underlying failure.</param>
    public TransferSourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a machine-readable reason.</summary>
    /// <param name="reason">Why the source was refused.</param>
    /// <param name="message">What is wrong with the source.</param>
    public TransferSourceException(TransferSourceError reason, string message)
        : base(message) => Reason = reason;

    /// <summary>Why the source was refused.</summary>
    public TransferSourceError Reason { get; } = TransferSourceError.Malformed;
}
