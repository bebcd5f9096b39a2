namespace ModularTorrent.Bsv.Spv;

/// <summary>Thrown when a well-formed BEEF does not prove what it claims: a missing parent, a txid absent from its BUMP, a root the chain rejects.</summary>
public sealed class BeefValidationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    public BeefValidationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public BeefValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public BeefValidationException()
        : base("The BEEF is not valid.")
    {
    }
}
