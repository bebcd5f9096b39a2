namespace ModularTorrent.Selection;

/// <summary>A seeded shuffle of piece indexes for breaking ties without a random generator.</summary>
/// <remarks>
/// The value is a bijection of the index for a given seed (xor with a constant, then the
/// MurmurHash3 finalizer, both invertible), so two pieces never tie again and the same seed
/// always gives the same order. Different seeds spread peers over different pieces.
/// </remarks>
internal static class TieBreak
{
    /// <summary>The per-call constant derived from the seed; compute once per selection.</summary>
    public static uint Salt(int seed) => Mix((uint)seed + 0x9E37_79B9u);

    /// <summary>The shuffle value of <paramref name="index"/> under <paramref name="salt"/>.</summary>
    public static uint Of(uint salt, int index) => Mix((uint)index ^ salt);

    private static uint Mix(uint x)
    {
        x ^= x >> 16;
        x *= 0x85EB_CA6Bu;
        x ^= x >> 13;
        x *= 0xC2B2_AE35u;
        x ^= x >> 16;
        return x;
    }
}
