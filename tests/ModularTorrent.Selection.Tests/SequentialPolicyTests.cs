using ModularTorrent.Sdk.Protocols;
using Xunit;

namespace ModularTorrent.Selection.Tests;

public sealed class SequentialPolicyTests
{
    private readonly SequentialPolicy _policy = new();

    [Fact]
    public void Name_is_sequential() => Assert.Equal("sequential", _policy.Name);

    [Fact]
    public void Picks_lowest_index_first_regardless_of_availability()
    {
        var s = new Scenario(5);
        int[] availability = [9, 1, 9, 1, 0];
        availability.CopyTo(s.Availability, 0);

        Assert.Equal([0, 1, 2, 3, 4], s.Select(_policy, 10));
    }

    [Fact]
    public void Stops_when_destination_is_full()
    {
        var s = new Scenario(1000);
        s.Have[0] = true;
        Assert.Equal([1, 2, 3], s.Select(_policy, 3));
    }

    [Fact]
    public void Never_picks_skipped_pieces()
    {
        var s = new Scenario(6);
        s.Priorities[0] = (byte)FilePriority.Skip;
        s.Priorities[1] = (byte)FilePriority.Skip;
        s.Priorities[4] = (byte)FilePriority.Skip;

        Assert.Equal([2, 3, 5], s.Select(_policy, 6));
    }

    [Fact]
    public void Skips_pieces_had_requested_or_missing_at_peer()
    {
        var s = new Scenario(130);
        for (var i = 0; i < 128; i++)
        {
            s.Have[i] = i < 64;
            s.Requested[i] = i >= 64;
        }

        s.PeerHas[128] = false;
        Assert.Equal([129], s.Select(_policy, 4));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(63)]
    [InlineData(65)]
    [InlineData(127)]
    [InlineData(1001)]
    public void Junk_in_spare_bits_is_never_returned(int count)
    {
        var s = new Scenario(count) { JunkSpareBits = true };
        Array.Fill(s.PeerHas, false);
        s.PeerHas[count - 1] = true;

        Assert.Equal([count - 1], s.Select(_policy, 8));
    }
}
