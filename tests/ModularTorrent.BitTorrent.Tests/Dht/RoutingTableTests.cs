using System.Net;
using ModularTorrent.BitTorrent.Dht;

namespace ModularTorrent.BitTorrent.Tests.Dht;

public sealed class RoutingTableTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static int _port = 10000;

    private static IPEndPoint Ep() => new(IPAddress.Loopback, Interlocked.Increment(ref _port));

    private static NodeId Own => NodeIdTests.Id("00");

    [Fact]
    public void First_k_nodes_fill_one_bucket_then_our_range_splits()
    {
        var table = new RoutingTable(Own, 8, Now);
        for (var i = 0; i < 8; i++)
        {
            // All far away (first bit 1), in bucket 0.
            Assert.Equal(RoutingOutcome.Added, table.Observe(NodeIdTests.Id("8" + i.ToString("x")), Ep(), true, Now, out _));
        }

        Assert.Single(table.Buckets);

        // A ninth node near us (first bit 0) forces a split of the only bucket, which contains our id.
        Assert.Equal(RoutingOutcome.Added, table.Observe(NodeIdTests.Id("01"), Ep(), true, Now, out _));
        Assert.True(table.Buckets.Count >= 2);
        Assert.Equal(8, table.Buckets[0].Contacts.Count);
        Assert.Equal(9, table.Count);
    }

    [Fact]
    public void Far_bucket_does_not_split_and_offers_a_stale_node_to_ping()
    {
        var table = new RoutingTable(Own, 8, Now);
        for (var i = 0; i < 8; i++)
        {
            table.Observe(NodeIdTests.Id("8" + i.ToString("x")), Ep(), false, Now, out _);
        }

        table.Observe(NodeIdTests.Id("01"), Ep(), true, Now, out _); // split: bucket 0 is now the far one
        var outcome = table.Observe(NodeIdTests.Id("c0"), Ep(), true, Now, out var stale);
        Assert.Equal(RoutingOutcome.Pending, outcome);

        // Never-responded nodes are questionable; the least recently seen is offered first.
        Assert.NotNull(stale);
        Assert.Equal(NodeIdTests.Id("80"), stale.Id);
        Assert.Single(table.Buckets[0].Replacements);
        Assert.Null(table.Find(NodeIdTests.Id("c0")));
    }

    [Fact]
    public void Good_nodes_are_not_offered_for_eviction()
    {
        var table = new RoutingTable(Own, 2, Now);
        table.Observe(NodeIdTests.Id("80"), Ep(), true, Now, out _);
        table.Observe(NodeIdTests.Id("01"), Ep(), true, Now, out _);
        table.Observe(NodeIdTests.Id("90"), Ep(), true, Now, out _);
        Assert.Equal(RoutingOutcome.Pending, table.Observe(NodeIdTests.Id("a0"), Ep(), true, Now, out var stale));
        Assert.Null(stale);

        // After 15 idle minutes the same nodes become questionable.
        Assert.Equal(RoutingOutcome.Pending, table.Observe(NodeIdTests.Id("b0"), Ep(), true, Now.AddMinutes(16), out stale));
        Assert.NotNull(stale);
    }

    [Fact]
    public void Failing_node_becomes_bad_and_the_newest_replacement_takes_its_place()
    {
        var table = new RoutingTable(Own, 2, Now, maxFailures: 2);
        table.Observe(NodeIdTests.Id("80"), Ep(), false, Now, out _);
        table.Observe(NodeIdTests.Id("01"), Ep(), true, Now, out _);
        table.Observe(NodeIdTests.Id("90"), Ep(), false, Now, out _);
        table.Observe(NodeIdTests.Id("a0"), Ep(), true, Now, out _);
        table.Observe(NodeIdTests.Id("b0"), Ep(), true, Now, out _);
        var bucket = table.Buckets[table.BucketIndexOf(NodeIdTests.Id("80"))];
        Assert.Equal(2, bucket.Replacements.Count);

        Assert.False(table.Failed(NodeIdTests.Id("80"), Now));
        Assert.True(table.Failed(NodeIdTests.Id("80"), Now));
        Assert.Null(table.Find(NodeIdTests.Id("80")));
        Assert.NotNull(table.Find(NodeIdTests.Id("b0")));
        Assert.Single(bucket.Replacements);
    }

    [Fact]
    public void Bad_node_is_replaced_directly_by_a_newcomer()
    {
        var table = new RoutingTable(Own, 1, Now, maxFailures: 1);
        table.Observe(NodeIdTests.Id("80"), Ep(), false, Now, out _);
        table.Observe(NodeIdTests.Id("01"), Ep(), true, Now, out _);
        table.Failed(NodeIdTests.Id("80"), Now);
        Assert.Equal(RoutingOutcome.Added, table.Observe(NodeIdTests.Id("c0"), Ep(), true, Now, out _));
        Assert.Null(table.Find(NodeIdTests.Id("80")));
    }

    [Fact]
    public void Known_id_from_another_address_is_ignored_and_own_id_never_added()
    {
        var table = new RoutingTable(Own, 8, Now);
        var original = Ep();
        table.Observe(NodeIdTests.Id("80"), original, true, Now, out _);
        Assert.Equal(RoutingOutcome.Ignored, table.Observe(NodeIdTests.Id("80"), Ep(), true, Now, out _));
        Assert.Equal(original, table.Find(NodeIdTests.Id("80"))!.EndPoint);
        Assert.Equal(RoutingOutcome.Ignored, table.Observe(Own, Ep(), true, Now, out _));
        Assert.Equal(RoutingOutcome.Updated, table.Observe(NodeIdTests.Id("80"), original, true, Now, out _));
    }

    [Fact]
    public void Closest_returns_nodes_in_xor_order()
    {
        var table = new RoutingTable(NodeId.CreateRandom(), 8, Now);
        var ids = Enumerable.Range(0, 200).Select(_ => NodeId.CreateRandom()).ToList();
        foreach (var id in ids)
        {
            table.Observe(id, Ep(), true, Now, out _);
        }

        var target = NodeId.CreateRandom();
        var closest = table.Closest(target, 8, Now);
        Assert.Equal(8, closest.Count);
        var inTable = table.Contacts.Select(c => c.Id).ToList();
        var expected = inTable.Order(Comparer<NodeId>.Create(target.CompareDistance)).Take(8);
        Assert.Equal(expected, closest.Select(c => c.Id));
        Assert.True(table.Count > 8 && table.Count <= 200);
        Assert.All(table.Buckets, b => Assert.True(b.Contacts.Count <= 8));
    }

    [Fact]
    public void Idle_buckets_are_reported_and_random_ids_fall_inside_them()
    {
        var table = new RoutingTable(NodeId.CreateRandom(), 8, Now);
        for (var i = 0; i < 100; i++)
        {
            table.Observe(NodeId.CreateRandom(), Ep(), true, Now, out _);
        }

        var idle = table.IdleBuckets(Now.AddMinutes(1));
        Assert.Equal(table.Buckets.Count, idle.Count);
        for (var i = 0; i < table.Buckets.Count - 1; i++)
        {
            Assert.Equal(i, table.BucketIndexOf(table.RandomIdInBucket(i)));
        }
    }

    [Fact]
    public void One_address_cannot_enter_the_table_under_many_ids()
    {
        var table = new RoutingTable(NodeId.CreateRandom(), 8, Now);
        var sybil = Ep();
        Assert.Equal(RoutingOutcome.Added, table.Observe(NodeId.CreateRandom(), sybil, true, Now, out _));
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(RoutingOutcome.Ignored, table.Observe(NodeId.CreateRandom(), sybil, true, Now, out _));
        }

        Assert.Equal(1, table.Count);

        // Once the holder has gone bad (e.g. the node restarted with a new id), the address is free again.
        var holder = table.Contacts.Single().Id;
        table.Failed(holder, Now);
        table.Failed(holder, Now);
        var fresh = NodeId.CreateRandom();
        Assert.Equal(RoutingOutcome.Added, table.Observe(fresh, sybil, true, Now, out _));
        Assert.Equal(fresh, table.Contacts.Single().Id);
    }
}
