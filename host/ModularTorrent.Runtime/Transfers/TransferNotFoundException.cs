namespace ModularTorrent.Runtime.Transfers;

/// <summary>No transfer has the given id.</summary>
public sealed class TransferNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TransferNotFoundException()
    {
    }

    /// <summary>Creates the exception for an id.</summary>
    /// <param name="id">The unknown id.</param>
    public TransferNotFoundException(string id)
        : base($"No torrent with info-hash '{id}'.") => Id = id;

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public TransferNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The unknown id.</summary>
    public string? Id { get; }
}
