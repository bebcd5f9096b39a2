namespace ModularTorrent.BitTorrent.WebSeeds;

/// <summary>How one piece fetch from a web seed ended.</summary>
public enum WebSeedOutcome
{
    /// <summary>The piece arrived and matches its SHA-1; the buffer holds it.</summary>
    Verified,

    /// <summary>The piece arrived but its SHA-1 does not match: the seed served wrong data.</summary>
    HashFailed,

    /// <summary>The request failed; <see cref="WebSeedResult.Error"/> says how.</summary>
    Failed,

    /// <summary>The caller cancelled.</summary>
    Cancelled,
}
