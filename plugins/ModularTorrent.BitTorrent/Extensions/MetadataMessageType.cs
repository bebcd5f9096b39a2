namespace ModularTorrent.BitTorrent.Extensions;

/// <summary>BEP 9 <c>msg_type</c>.</summary>
public enum MetadataMessageType
{
    /// <summary>0: please send piece N.</summary>
    Request = 0,

    /// <summary>1: piece N follows the dictionary.</summary>
    Data = 1,

    /// <summary>2: I will not send piece N.</summary>
    Reject = 2,
}
