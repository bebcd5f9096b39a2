namespace ModularTorrent.BitTorrent.Dht;

/// <summary>BEP 5 node states.</summary>
public enum DhtContactState
{
    /// <summary>Answered one of our queries and was active within the last 15 minutes.</summary>
    Good,

    /// <summary>Inactive for 15 minutes, or never answered us: ping before trusting.</summary>
    Questionable,

    /// <summary>Failed several queries in a row: replaced as soon as a candidate exists.</summary>
    Bad,
}
