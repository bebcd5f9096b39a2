namespace ModularTorrent.Bsv.Wallet;

/// <summary>A wallet operation failed for a reason the caller can act on (bad configuration, wrong secret, bad funding).</summary>
public class WalletException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    public WalletException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public WalletException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public WalletException()
        : base("Wallet operation failed.")
    {
    }
}
