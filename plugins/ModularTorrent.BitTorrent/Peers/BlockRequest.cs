namespace ModularTorrent.BitTorrent.Peers;

/// <summary>A block of a piece: what a request, cancel or reject names.</summary>
internal readonly record struct BlockRequest(int Piece, int Begin, int Length)
{
    /// <summary>A 64-bit key for hash sets (piece in the high half, offset in the low half).</summary>
    public long Key => ((long)Piece << 32) | (uint)Begin;

    public static long KeyOf(int piece, int begin) => ((long)piece << 32) | (uint)begin;
}
