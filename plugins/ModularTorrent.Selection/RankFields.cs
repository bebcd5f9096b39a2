namespace ModularTorrent.Selection;

/// <summary>The parts a rank key is made of.</summary>
internal static class RankFields
{
    /// <summary>Availability is capped to 23 bits (8 million peers) to leave room for the other fields.</summary>
    public const int AvailabilityBits = 23;

    /// <summary>The largest availability a key can hold.</summary>
    public const int MaxAvailability = (1 << AvailabilityBits) - 1;

    /// <summary>0 for a started piece, 1 otherwise: started pieces sort first.</summary>
    public static ulong NotPartial(bool partial) => partial ? 0UL : 1UL;

    /// <summary>The inverted priority byte: High (7) sorts before Low (1).</summary>
    public static ulong InvertedPriority(byte priority) => (ulong)(byte.MaxValue - priority);
}
