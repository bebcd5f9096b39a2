namespace ModularTorrent.BitTorrent.Dht;

/// <summary>
/// Up to k contacts sharing the same common-prefix length with our id (the last bucket holds everything closer),
/// ordered least-recently-seen first, plus a cache of replacements for nodes that go bad.
/// </summary>
public sealed class KBucket
{
    internal KBucket(DateTimeOffset now) => LastChanged = now;

    /// <summary>The contacts, least recently seen first.</summary>
    public List<DhtContact> Contacts { get; } = [];

    /// <summary>Candidates waiting for a slot, most recent last.</summary>
    public List<DhtContact> Replacements { get; } = [];

    /// <summary>Last time a contact was added, refreshed or answered (BEP 5 refreshes buckets idle for 15 minutes).</summary>
    public DateTimeOffset LastChanged { get; internal set; }
}
