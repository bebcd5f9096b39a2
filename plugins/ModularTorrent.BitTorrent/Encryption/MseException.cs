namespace ModularTorrent.BitTorrent.Encryption;

/// <summary>An MSE handshake failed; <see cref="Error"/> says why.</summary>
public sealed class MseException : Exception
{
    /// <summary>Creates an exception with a generic message.</summary>
    public MseException()
        : this(MseError.SynchronizationFailed, "The MSE handshake failed.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public MseException(string message)
        : this(MseError.SynchronizationFailed, message)
    {
    }

    /// <summary>Creates an exception with a message and cause.</summary>
    public MseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for <paramref name="error"/>.</summary>
    public MseException(MseError error, string message, Exception? innerException = null)
        : base(message, innerException) => Error = error;

    /// <summary>What went wrong.</summary>
    public MseError Error { get; }
}
