using ModularTorrent.Sdk.Protocols;
using Xunit;

namespace ModularTorrent.Selection.Tests;

public sealed class PriorityPolicyTests
{
    private readonly PriorityPolicy _policy = new();

    [Fact]
    public void Name_is_priority() => Assert.Equal("priority", _policy.Name);

    [Fact]
    public void Priority_dominates_availability_and_partial()
    {
        var s = new Scenario(4);
        s.Priorities[0] = (byte)FilePriority.Low;
        s.Priorities[1] = (byte)FilePriority.Normal;
        s.Priorities[2] = (byte)FilePriority.High;
        s.Priorities[3] = (byte)FilePriority.Normal;
        s.Availability[0] = 1;
        s.Availability[1] = 2;
        s.Availability[2] = 50;
        s.Availability[3] = 9;
        s.Partial[0] = true;

        Assert.Equal([2, 1, 3, 0], s.Select(_policy, 4));
    }

    [Fact]
    public void Within_a_priority_partial_then_rarest()
    {
        var s = new Scenario(4);
        int[] availability = [4, 3, 2, 1];
        availability.CopyTo(s.Availability, 0);
        s.Partial[0] = true;

        Assert.Equal([0, 3, 2, 1], s.Select(_policy, 4));
    }

    [Fact]
    public void Skip_is_never_picked_even_when_nothing_else_is_left()
    {
        var s = new Scenario(3);
        Array.Fill(s.Priorities, (byte)FilePriority.Skip);
        Assert.Empty(s.Select(_policy, 3));
    }

    [Fact]
    public void Unknown_priority_bytes_order_by_value()
    {
        var s = new Scenario(3);
        s.Priorities[0] = 2;
        s.Priorities[1] = 200;
        s.Priorities[2] = 5;

        Assert.Equal([1, 2, 0], s.Select(_policy, 3));
    }
}
