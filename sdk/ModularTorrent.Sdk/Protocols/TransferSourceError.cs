namespace ModularTorrent.Sdk.Protocols;

/// <summary>Why a transfer source was refused.</summary>
public enum TransferSourceError
{
    /// <summary>The source could not be parsed (bad magnet, not bencode, bad metainfo).</summary>
    Malformed = 1,

    /// <summary>The source could not be fetched (URL or path unreachable).</summary>
    Unreachable = 2,

    /// <summary>The same transfer is already running.</summary>
    Duplicate = 3,

    /// <summary>No handler claims this kind of source.</summary>
    Unsupported = 4,
}
