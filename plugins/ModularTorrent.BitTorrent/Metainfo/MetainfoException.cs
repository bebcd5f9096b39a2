namespace ModularTorrent.BitTorrent.Metainfo;

/// <summary>A .torrent or magnet link that is well-formed bencode/URI but breaks the metainfo rules.</summary>
public sealed class MetainfoException : FormatException
{
    /// <summary>Creates an exception without details.</summary>
    public MetainfoException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public MetainfoException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    public MetainfoException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
