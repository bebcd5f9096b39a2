namespace ModularTorrent.BitTorrent.Bencoding;

/// <summary>Malformed bencoded input. <see cref="Offset"/> is the byte offset where the problem was found.</summary>
public sealed class BencodeException : FormatException
{
    /// <summary>Creates an exception without details.</summary>
    public BencodeException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public BencodeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    public BencodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a problem at <paramref name="offset"/>; the offset is appended to the message.</summary>
    public BencodeException(string message, long offset)
        : base($"{message} (at byte offset {offset})") => Offset = offset;

    /// <summary>Byte offset in the input where decoding failed, or -1 when unknown.</summary>
    public long Offset { get; } = -1;
}
