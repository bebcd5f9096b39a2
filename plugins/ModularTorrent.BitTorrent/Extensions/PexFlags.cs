namespace ModularTorrent.BitTorrent.Extensions;

/// <summary>BEP 11 <c>added.f</c> flags, one byte per added peer.</summary>
[Flags]
public enum PexFlags : byte
{
    /// <summary>Nothing known.</summary>
    None = 0,

    /// <summary>0x01: prefers encryption.</summary>
    PrefersEncryption = 0x01,

    /// <summary>0x02: seed or partial seed (upload only).</summary>
    Seed = 0x02,

    /// <summary>0x04: supports uTP.</summary>
    SupportsUtp = 0x04,

    /// <summary>0x08: supports ut_holepunch.</summary>
    SupportsHolepunch = 0x08,

    /// <summary>0x10: reachable (we connected to it, so it accepts incoming connections).</summary>
    Reachable = 0x10,
}
