namespace ModularTorrent.BitTorrent.Wire;

/// <summary>Per-connection bounds on message sizes. Anything larger is a protocol violation, so a peer cannot make us buffer unbounded data.</summary>
/// <param name="PieceCount">Pieces in the torrent; bounds the bitfield and piece indices. 0 while metadata is unknown.</param>
public readonly record struct WireLimits(int PieceCount)
{
    /// <summary>Largest block we request or serve; peers asking for more are cut off (every mainstream client uses 16 KiB).</summary>
    public const int MaxBlockLength = 128 * 1024;

    /// <summary>Largest extension-protocol message (metadata pieces are 16 KiB; handshakes are small).</summary>
    public const int MaxExtendedLength = 1024 * 1024;

    /// <summary>Largest message length field accepted.</summary>
    public int MaxMessageLength => Math.Max(Math.Max(13 + MaxBlockLength, 2 + MaxExtendedLength), 1 + ((PieceCount + 7) / 8));
}
