namespace ModularTorrent.Bsv;

/// <summary>
/// Thrown when bytes or text that claim to be a BSV structure (transaction, script, key, signature,
/// merkle path, BEEF, address) are malformed. The message names what was being read and why it failed,
/// so bad input from a peer is reported, never turned into a crash.
/// </summary>
public sealed class BsvFormatException : FormatException
{
    /// <summary>Creates the exception with a message that says what is wrong.</summary>
    /// <param name="message">What was being read and what was wrong with it.</param>
    public BsvFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception wrapping a lower-level cause.</summary>
    /// <param name="message">What was being read and what was wrong with it.</param>
    /// <param name="innerException">The cause.</param>
    public BsvFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public BsvFormatException()
        : base("Malformed BSV data.")
    {
    }
}
