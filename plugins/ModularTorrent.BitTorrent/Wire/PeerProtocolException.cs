namespace ModularTorrent.BitTorrent.Wire;

/// <summary>A peer broke the wire protocol; the connection is closed and the message is logged as the reason.</summary>
public sealed class PeerProtocolException : Exception
{
    /// <summary>Creates an exception without details.</summary>
    public PeerProtocolException()
    {
    }

    /// <summary>Creates an exception with the reason.</summary>
    public PeerProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the reason and a cause.</summary>
    public PeerProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
