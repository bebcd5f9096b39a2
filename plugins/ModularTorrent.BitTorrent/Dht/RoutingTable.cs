using System.Net;

namespace ModularTorrent.BitTorrent.Dht;

/// <summary>
/// The BEP 5 routing table: buckets of at most k contacts. Bucket i holds nodes sharing exactly i leading bits with
/// our id; the last bucket holds everything sharing more, and only it splits (the range containing our own id).
/// A full bucket keeps newcomers as replacements and asks its caller to ping the least-recently-seen questionable
/// node; nodes that fail queries become bad and are replaced. Not thread-safe: <see cref="DhtNode"/> locks around it.
/// </summary>
public sealed class RoutingTable
{
    private readonly List<KBucket> _buckets;
    private readonly TimeSpan _goodFor;
    private readonly int _maxFailures;

    /// <summary>Creates an empty table for <paramref name="ownId"/>.</summary>
    /// <param name="ownId">Our node id.</param>
    /// <param name="bucketSize">k (8 in BEP 5).</param>
    /// <param name="now">Creation time.</param>
    /// <param name="goodFor">How long after its last activity a node stays good (15 minutes in BEP 5).</param>
    /// <param name="maxFailures">Failed queries in a row that make a node bad.</param>
    public RoutingTable(NodeId ownId, int bucketSize, DateTimeOffset now, TimeSpan? goodFor = null, int maxFailures = 2)
    {
        if (ownId.IsEmpty)
        {
            throw new ArgumentException("The node id is empty.", nameof(ownId));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(bucketSize, 1);
        OwnId = ownId;
        BucketSize = bucketSize;
        _goodFor = goodFor ?? TimeSpan.FromMinutes(15);
        _maxFailures = maxFailures;
        _buckets = [new KBucket(now)];
    }

    /// <summary>Our id.</summary>
    public NodeId OwnId { get; }

    /// <summary>k.</summary>
    public int BucketSize { get; }

    /// <summary>The buckets, from farthest (prefix length 0) to the one holding our own range.</summary>
    public IReadOnlyList<KBucket> Buckets => _buckets;

    /// <summary>Contacts in all buckets (not replacements).</summary>
    public int Count
    {
        get
        {
            var count = 0;
            foreach (var bucket in _buckets)
            {
                count += bucket.Contacts.Count;
            }

            return count;
        }
    }

    /// <summary>Every contact in the buckets.</summary>
    public IEnumerable<DhtContact> Contacts => _buckets.SelectMany(b => b.Contacts);

    /// <summary>The index of the bucket <paramref name="id"/> belongs to.</summary>
    public int BucketIndexOf(NodeId id) => Math.Min(OwnId.CommonPrefixLength(id), _buckets.Count - 1);

    /// <summary>The contact with <paramref name="id"/>, if in a bucket.</summary>
    public DhtContact? Find(NodeId id)
    {
        foreach (var contact in _buckets[BucketIndexOf(id)].Contacts)
        {
            if (contact.Id == id)
            {
                return contact;
            }
        }

        return null;
    }

    /// <summary>
    /// Records activity of a node: it answered one of our queries (<paramref name="responded"/>) or sent us one.
    /// </summary>
    /// <param name="id">The node's id.</param>
    /// <param name="endPoint">Its address.</param>
    /// <param name="responded">True when this is an answer to our query (which makes a node good).</param>
    /// <param name="now">The time.</param>
    /// <param name="stale">For <see cref="RoutingOutcome.Pending"/>: the least-recently-seen questionable node to ping, if any.</param>
    public RoutingOutcome Observe(NodeId id, IPEndPoint endPoint, bool responded, DateTimeOffset now, out DhtContact? stale)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        stale = null;
        if (id.IsEmpty || id == OwnId || endPoint.Port == 0)
        {
            return RoutingOutcome.Ignored;
        }

        if (Find(id) is null && HoldsEndPoint(endPoint, now))
        {
            // One id per address: a single socket must not fill the table with made-up ids.
            return RoutingOutcome.Ignored;
        }

        while (true)
        {
            var index = BucketIndexOf(id);
            var bucket = _buckets[index];
            var existing = bucket.Contacts.FindIndex(c => c.Id == id);
            if (existing >= 0)
            {
                var contact = bucket.Contacts[existing];
                if (!contact.EndPoint.Equals(endPoint))
                {
                    // An id we know speaking from elsewhere: possibly spoofed, keep the verified address.
                    return RoutingOutcome.Ignored;
                }

                Touch(contact, responded, now);
                bucket.Contacts.RemoveAt(existing);
                bucket.Contacts.Add(contact);
                bucket.LastChanged = now;
                return RoutingOutcome.Updated;
            }

            if (bucket.Contacts.Count < BucketSize)
            {
                bucket.Contacts.Add(NewContact(id, endPoint, responded, now));
                bucket.LastChanged = now;
                return RoutingOutcome.Added;
            }

            var bad = bucket.Contacts.FindIndex(c => c.StateAt(now, _goodFor, _maxFailures) == DhtContactState.Bad);
            if (bad >= 0)
            {
                bucket.Contacts.RemoveAt(bad);
                bucket.Contacts.Add(NewContact(id, endPoint, responded, now));
                bucket.LastChanged = now;
                return RoutingOutcome.Added;
            }

            if (index == _buckets.Count - 1 && _buckets.Count < NodeId.Bits)
            {
                Split(now);
                continue;
            }

            AddReplacement(bucket, NewContact(id, endPoint, responded, now));
            stale = bucket.Contacts.Find(c => c.StateAt(now, _goodFor, _maxFailures) == DhtContactState.Questionable);
            return RoutingOutcome.Pending;
        }
    }

    /// <summary>
    /// Records that <paramref name="id"/> did not answer a query. A node that becomes bad is replaced at once when a
    /// replacement is waiting. True when the node was removed.
    /// </summary>
    public bool Failed(NodeId id, DateTimeOffset now)
    {
        var bucket = _buckets[BucketIndexOf(id)];
        var index = bucket.Contacts.FindIndex(c => c.Id == id);
        if (index < 0)
        {
            bucket.Replacements.RemoveAll(c => c.Id == id);
            return false;
        }

        var contact = bucket.Contacts[index];
        contact.FailedQueries++;
        if (contact.StateAt(now, _goodFor, _maxFailures) != DhtContactState.Bad || bucket.Replacements.Count == 0)
        {
            return false;
        }

        bucket.Contacts.RemoveAt(index);
        var replacement = bucket.Replacements[^1];
        bucket.Replacements.RemoveAt(bucket.Replacements.Count - 1);
        bucket.Contacts.Add(replacement);
        bucket.LastChanged = now;
        return true;
    }

    /// <summary>Up to <paramref name="count"/> non-bad contacts closest to <paramref name="target"/>, closest first.</summary>
    public List<DhtContact> Closest(NodeId target, int count, DateTimeOffset now)
    {
        var all = new List<DhtContact>(Count);
        foreach (var bucket in _buckets)
        {
            foreach (var contact in bucket.Contacts)
            {
                if (contact.StateAt(now, _goodFor, _maxFailures) != DhtContactState.Bad)
                {
                    all.Add(contact);
                }
            }
        }

        all.Sort((a, b) => target.CompareDistance(a.Id, b.Id));
        if (all.Count > count)
        {
            all.RemoveRange(count, all.Count - count);
        }

        return all;
    }

    /// <summary>Contacts that are questionable at <paramref name="now"/> (to be pinged by maintenance).</summary>
    public List<DhtContact> Questionable(DateTimeOffset now) =>
        [.. Contacts.Where(c => c.StateAt(now, _goodFor, _maxFailures) == DhtContactState.Questionable)];

    /// <summary>Bucket indexes not changed since <paramref name="idleSince"/> (refresh them with a lookup of a random id in range).</summary>
    public List<int> IdleBuckets(DateTimeOffset idleSince)
    {
        var idle = new List<int>();
        for (var i = 0; i < _buckets.Count; i++)
        {
            if (_buckets[i].LastChanged < idleSince)
            {
                idle.Add(i);
            }
        }

        return idle;
    }

    /// <summary>A random id that falls in bucket <paramref name="index"/>.</summary>
    public NodeId RandomIdInBucket(int index) =>
        index >= NodeId.Bits - 1 ? OwnId : OwnId.RandomWithPrefix(index);

    /// <summary>True when another id holds <paramref name="endPoint"/>; a bad holder is dropped instead (a restarted node gets a new id).</summary>
    private bool HoldsEndPoint(IPEndPoint endPoint, DateTimeOffset now)
    {
        foreach (var bucket in _buckets)
        {
            var index = bucket.Contacts.FindIndex(c => c.EndPoint.Equals(endPoint));
            if (index < 0)
            {
                continue;
            }

            if (bucket.Contacts[index].StateAt(now, _goodFor, _maxFailures) != DhtContactState.Bad)
            {
                return true;
            }

            bucket.Contacts.RemoveAt(index);
            return false;
        }

        return false;
    }

    private static DhtContact NewContact(NodeId id, IPEndPoint endPoint, bool responded, DateTimeOffset now)
    {
        var contact = new DhtContact(id, endPoint, now);
        if (responded)
        {
            contact.LastResponse = now;
        }

        return contact;
    }

    private static void Touch(DhtContact contact, bool responded, DateTimeOffset now)
    {
        contact.LastSeen = now;
        if (responded)
        {
            contact.LastResponse = now;
            contact.FailedQueries = 0;
        }
    }

    private void AddReplacement(KBucket bucket, DhtContact contact)
    {
        bucket.Replacements.RemoveAll(c => c.Id == contact.Id);
        bucket.Replacements.Add(contact);
        if (bucket.Replacements.Count > BucketSize)
        {
            bucket.Replacements.RemoveAt(0);
        }
    }

    private void Split(DateTimeOffset now)
    {
        var last = _buckets[^1];
        var depth = _buckets.Count - 1;
        var closer = new KBucket(now);
        _buckets.Add(closer);
        MoveCloser(last.Contacts, closer.Contacts, depth);
        MoveCloser(last.Replacements, closer.Replacements, depth);
    }

    private void MoveCloser(List<DhtContact> from, List<DhtContact> to, int depth)
    {
        for (var i = 0; i < from.Count; i++)
        {
            if (OwnId.CommonPrefixLength(from[i].Id) > depth)
            {
                to.Add(from[i]);
                from.RemoveAt(i--);
            }
        }
    }
}
