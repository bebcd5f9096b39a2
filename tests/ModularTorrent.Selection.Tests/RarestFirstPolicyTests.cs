using ModularTorrent.Sdk.Protocols;
using Xunit;

namespace ModularTorrent.Selection.Tests;

public sealed class RarestFirstPolicyTests
{
    private readonly RarestFirstPolicy _policy = new();

    [Fact]
    public void Name_is_rarest_first() => Assert.Equal("rarest-first", _policy.Name);

    [Fact]
    public void Picks_lowest_availability_first()
    {
        var s = new Scenario(6);
        int[] availability = [5, 3, 9, 1, 4, 2];
        availability.CopyTo(s.Availability, 0);

        Assert.Equal([3, 5, 1, 4, 0, 2], s.Select(_policy, 6));
    }

    [Fact]
    public void Returns_only_the_best_k_in_order()
    {
        var s = new Scenario(100);
        for (var i = 0; i < 100; i++)
        {
            s.Availability[i] = 100 - i;
        }

        Assert.Equal([99, 98, 97], s.Select(_policy, 3));
    }

    [Fact]
    public void Partial_pieces_come_before_rarer_ones()
    {
        var s = new Scenario(4);
        int[] availability = [1, 9, 1, 8];
        availability.CopyTo(s.Availability, 0);
        s.Partial[1] = true;
        s.Partial[3] = true;

        var picked = s.Select(_policy, 4);
        Assert.Equal([3, 1], picked[..2]);
        Assert.Equal([0, 2], picked[2..].Order());
    }

    [Fact]
    public void Higher_priority_breaks_availability_ties()
    {
        var s = new Scenario(3);
        Array.Fill(s.Availability, 2);
        s.Priorities[0] = (byte)FilePriority.Low;
        s.Priorities[1] = (byte)FilePriority.Normal;
        s.Priorities[2] = (byte)FilePriority.High;

        Assert.Equal([2, 1, 0], s.Select(_policy, 3));
    }

    [Fact]
    public void Availability_outranks_priority()
    {
        var s = new Scenario(2);
        s.Availability[0] = 1;
        s.Availability[1] = 5;
        s.Priorities[0] = (byte)FilePriority.Low;
        s.Priorities[1] = (byte)FilePriority.High;

        Assert.Equal([0, 1], s.Select(_policy, 2));
    }

    [Fact]
    public void Excludes_had_requested_missing_at_peer_and_skipped_pieces()
    {
        var s = new Scenario(5);
        s.Have[0] = true;
        s.Requested[1] = true;
        s.PeerHas[2] = false;
        s.Priorities[3] = (byte)FilePriority.Skip;

        Assert.Equal([4], s.Select(_policy, 5));
    }

    [Fact]
    public void Ties_are_broken_differently_for_different_seeds()
    {
        var firstPicks = new HashSet<int>();
        for (var seed = 0; seed < 200; seed++)
        {
            var s = new Scenario(16) { Seed = seed };
            firstPicks.Add(s.Select(_policy, 1)[0]);
        }

        // 200 draws over 16 equally rare pieces: a fair shuffle reaches nearly all of them.
        Assert.True(firstPicks.Count >= 12, $"only {firstPicks.Count} distinct first picks");
    }

    [Fact]
    public void Same_seed_gives_the_same_order()
    {
        var s = new Scenario(1000) { Seed = 12345 };
        Assert.Equal(s.Select(_policy, 50), s.Select(_policy, 50));
    }

    [Fact]
    public void Tie_break_never_overrides_availability()
    {
        for (var seed = 0; seed < 100; seed++)
        {
            var s = new Scenario(64) { Seed = seed };
            Array.Fill(s.Availability, 3);
            s.Availability[40] = 2;
            Assert.Equal(40, s.Select(_policy, 1)[0]);
        }
    }

    [Fact]
    public void Empty_destination_returns_zero()
    {
        var s = new Scenario(10);
        Assert.Empty(s.Select(_policy, 0));
    }

    [Fact]
    public void Peer_with_nothing_yields_nothing()
    {
        var s = new Scenario(10);
        Array.Fill(s.PeerHas, false);
        Assert.Empty(s.Select(_policy, 4));
    }

    [Fact]
    public void Empty_availability_and_priorities_are_accepted()
    {
        var s = new Scenario(20) { UsePriorities = false };
        var encoded = s.Encode();
        var picked = s.Select(_policy, 20);
        Assert.Equal(Enumerable.Range(0, 20), picked.Order());
        Assert.Equal(20, encoded.Select(_policy, new int[25]));
    }

    [Fact]
    public void Handles_100k_pieces_and_large_destinations()
    {
        const int count = 100_000;
        var s = new Scenario(count) { Seed = 7 };
        for (var i = 0; i < count; i++)
        {
            s.Availability[i] = (i * 7919) % 1000;
            s.Have[i] = i % 3 == 0;
        }

        var picked = s.Select(_policy, 1000);

        Assert.Equal(1000, picked.Length);
        Assert.Equal(picked.Length, picked.Distinct().Count());
        Assert.All(picked, i => Assert.True(s.IsCandidate(i)));
        var worstPicked = picked.Max(i => s.Availability[i]);
        Assert.Equal(0, picked.Select(i => s.Availability[i]).Zip(picked.Skip(1).Select(i => s.Availability[i]), (a, b) => a <= b ? 0 : 1).Sum());
        Assert.DoesNotContain(Enumerable.Range(0, count), i => s.IsCandidate(i) && !picked.Contains(i) && s.Availability[i] < worstPicked);
    }

    [Fact]
    public void Negative_availability_counts_as_zero()
    {
        var s = new Scenario(3);
        s.Availability[0] = 1;
        s.Availability[1] = -5;
        s.Availability[2] = 0;

        Assert.Equal(0, s.Select(_policy, 3)[^1]);
    }
}
