namespace ModularTorrent.BitTorrent.WebSeeds;

/// <summary>What the scheduler decided about a web seed after a result.</summary>
public enum WebSeedVerdict
{
    /// <summary>Keep using it.</summary>
    Continue,

    /// <summary>It is backing off; <see cref="WebSeedScheduler.GetDelay"/> says for how long.</summary>
    BackingOff,

    /// <summary>It is dropped for the rest of the torrent's life; <see cref="WebSeedScheduler.GetDropReason"/> says why.</summary>
    Dropped,
}
