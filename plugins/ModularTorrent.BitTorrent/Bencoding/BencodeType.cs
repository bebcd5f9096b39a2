namespace ModularTorrent.BitTorrent.Bencoding;

/// <summary>The four kinds of bencoded value.</summary>
public enum BencodeType
{
    /// <summary>An integer, <c>i42e</c>.</summary>
    Integer = 1,

    /// <summary>A byte string, <c>4:spam</c>.</summary>
    String = 2,

    /// <summary>A list, <c>l...e</c>.</summary>
    List = 3,

    /// <summary>A dictionary with byte-string keys, <c>d...e</c>.</summary>
    Dictionary = 4,
}
