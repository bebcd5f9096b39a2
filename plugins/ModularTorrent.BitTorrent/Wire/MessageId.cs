namespace ModularTorrent.BitTorrent.Wire;

/// <summary>Peer wire message ids: BEP 3, BEP 6 (fast extension) and BEP 10 (extension protocol).</summary>
public enum MessageId : byte
{
    /// <summary>BEP 3.</summary>
    Choke = 0,

    /// <summary>BEP 3.</summary>
    Unchoke = 1,

    /// <summary>BEP 3.</summary>
    Interested = 2,

    /// <summary>BEP 3.</summary>
    NotInterested = 3,

    /// <summary>BEP 3: index.</summary>
    Have = 4,

    /// <summary>BEP 3: bitfield bytes.</summary>
    Bitfield = 5,

    /// <summary>BEP 3: index, begin, length.</summary>
    Request = 6,

    /// <summary>BEP 3: index, begin, block.</summary>
    Piece = 7,

    /// <summary>BEP 3: index, begin, length.</summary>
    Cancel = 8,

    /// <summary>BEP 5: DHT port.</summary>
    Port = 9,

    /// <summary>BEP 6: index.</summary>
    Suggest = 0x0D,

    /// <summary>BEP 6.</summary>
    HaveAll = 0x0E,

    /// <summary>BEP 6.</summary>
    HaveNone = 0x0F,

    /// <summary>BEP 6: index, begin, length.</summary>
    Reject = 0x10,

    /// <summary>BEP 6: index.</summary>
    AllowedFast = 0x11,

    /// <summary>BEP 10: extended message id, payload.</summary>
    Extended = 20,

    /// <summary>Not on the wire: a zero-length keep-alive.</summary>
    KeepAlive = 0xFF,
}
