namespace ModularTorrent.BitTorrent.Extensions;

/// <summary>A BEP 9/11 extension message was malformed or broke a limit.</summary>
public sealed class ExtensionProtocolException : Exception
{
    /// <summary>Creates an exception with a generic message.</summary>
    public ExtensionProtocolException()
        : base("Malformed extension message.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public ExtensionProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and cause.</summary>
    public ExtensionProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
