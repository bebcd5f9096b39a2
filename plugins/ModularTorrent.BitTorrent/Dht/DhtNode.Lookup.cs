using System.Net;
using ModularTorrent.BitTorrent.Bencoding;

namespace ModularTorrent.BitTorrent.Dht;

/// <summary>Iterative lookups: alpha queries in flight, converging on the k closest nodes, bounded in time and queries.</summary>
public sealed partial class DhtNode
{
    private async Task<LookupResult> LookupAsync(NodeId target, bool getPeers, CancellationToken cancellationToken)
    {
        var k = _settings.BucketSize;
        var candidates = new List<Candidate>();
        var known = new HashSet<NodeId>();
        NodeId own;
        lock (_gate)
        {
            own = _table.OwnId;
            foreach (var contact in _table.Closest(target, k * 2, _time.GetUtcNow()))
            {
                Insert(new Candidate(contact.Id, contact.EndPoint));
            }
        }

        var peers = new HashSet<IPEndPoint>();
        var inFlight = new List<Task<(Candidate Candidate, KrpcMessage? Answer)>>();
        var sent = 0;
        using var deadline = new CancellationTokenSource(_settings.LookupTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token, _stop.Token);
        while (true)
        {
            while (inFlight.Count < _settings.Alpha && sent < _settings.MaxLookupQueries && NextToQuery() is { } next)
            {
                next.State = CandidateState.Querying;
                sent++;
                inFlight.Add(AskAsync(next));
            }

            if (inFlight.Count == 0)
            {
                break;
            }

            Task<(Candidate Candidate, KrpcMessage? Answer)> done;
            try
            {
                done = await Task.WhenAny(inFlight).WaitAsync(linked.Token);
            }
            catch (OperationCanceledException)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Log($"lookup of {target.ToHex()[..8]} stopped at its time bound after {sent} queries");
                break;
            }

            inFlight.Remove(done);
            var (candidate, answer) = await done;
            if (answer?.Type != KrpcMessageType.Response)
            {
                candidate.State = CandidateState.Failed;
                continue;
            }

            candidate.State = CandidateState.Responded;
            candidate.Token = answer.OptionalBytes("token");
            foreach (var (id, endPoint) in ReadNodes(answer))
            {
                Insert(new Candidate(id, endPoint));
            }

            if (getPeers && answer.OptionalList("values") is { } values)
            {
                foreach (var value in values.Items)
                {
                    if (value is BencodeString { Bytes.Length: CompactEndPoint.IPv4Length or CompactEndPoint.IPv6Length } entry)
                    {
                        var peer = CompactEndPoint.Read(entry.Bytes.Span);
                        if (peer.Port != 0)
                        {
                            peers.Add(peer);
                        }
                    }
                }
            }
        }

        var closest = candidates
            .Where(c => c.State == CandidateState.Responded)
            .Take(k)
            .Select(c => (new DhtContact(c.Id, c.EndPoint, _time.GetUtcNow()), c.Token))
            .ToList();
        return new LookupResult(closest, [.. peers], sent);

        void Insert(Candidate candidate)
        {
            if (candidate.Id == own || !known.Add(candidate.Id))
            {
                return;
            }

            var index = candidates.BinarySearch(candidate, Comparer<Candidate>.Create((a, b) => target.CompareDistance(a.Id, b.Id)));
            candidates.Insert(index < 0 ? ~index : index, candidate);
        }

        Candidate? NextToQuery()
        {
            // Only the k closest candidates that have not failed are worth asking; when all of them have answered,
            // the lookup has converged.
            var considered = 0;
            foreach (var candidate in candidates)
            {
                if (candidate.State == CandidateState.Failed)
                {
                    continue;
                }

                if (candidate.State == CandidateState.New)
                {
                    return candidate;
                }

                if (++considered >= k)
                {
                    break;
                }
            }

            return null;
        }

        async Task<(Candidate, KrpcMessage?)> AskAsync(Candidate candidate)
        {
            try
            {
                var answer = await QueryAsync(
                    candidate.EndPoint,
                    t => getPeers ? KrpcWriter.GetPeers(t, own, target) : KrpcWriter.FindNode(t, own, target),
                    candidate.Id,
                    linked.Token).ConfigureAwait(false);
                return (candidate, answer);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The lookup's own deadline (or shutdown), not the caller's: the lookup returns what it has.
                return (candidate, null);
            }
        }
    }

    private static List<(NodeId Id, IPEndPoint EndPoint)> ReadNodes(KrpcMessage? answer)
    {
        if (answer?.Type != KrpcMessageType.Response || answer.OptionalBytes("nodes") is not { } nodes)
        {
            return [];
        }

        try
        {
            return CompactNode.Decode(nodes.Span);
        }
        catch (FormatException)
        {
            // A node sending a broken list is simply not a source of new nodes.
            return [];
        }
    }

    private enum CandidateState
    {
        New,
        Querying,
        Responded,
        Failed,
    }

    private sealed class Candidate(NodeId id, IPEndPoint endPoint)
    {
        public NodeId Id { get; } = id;

        public IPEndPoint EndPoint { get; } = endPoint;

        public CandidateState State { get; set; }

        public ReadOnlyMemory<byte>? Token { get; set; }
    }
}
