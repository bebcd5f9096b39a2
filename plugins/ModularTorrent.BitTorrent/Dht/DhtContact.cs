using System.Net;

namespace ModularTorrent.BitTorrent.Dht;

/// <summary>One node in the routing table, with the liveness facts BEP 5 ranks nodes by.</summary>
public sealed class DhtContact
{
    /// <summary>Creates a contact first seen at <paramref name="now"/>.</summary>
    public DhtContact(NodeId id, IPEndPoint endPoint, DateTimeOffset now)
    {
        Id = id;
        EndPoint = endPoint ?? throw new ArgumentNullException(nameof(endPoint));
        LastSeen = now;
    }

    /// <summary>The node's id.</summary>
    public NodeId Id { get; }

    /// <summary>Where it answers.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>Last time it answered a query or sent us one.</summary>
    public DateTimeOffset LastSeen { get; internal set; }

    /// <summary>Last time it answered one of our queries (null: never).</summary>
    public DateTimeOffset? LastResponse { get; internal set; }

    /// <summary>Queries in a row it did not answer.</summary>
    public int FailedQueries { get; internal set; }

    /// <summary>The BEP 5 state at <paramref name="now"/>.</summary>
    public DhtContactState StateAt(DateTimeOffset now, TimeSpan goodFor, int maxFailures)
    {
        if (FailedQueries >= maxFailures)
        {
            return DhtContactState.Bad;
        }

        return LastResponse is not null && now - LastSeen < goodFor ? DhtContactState.Good : DhtContactState.Questionable;
    }
}
