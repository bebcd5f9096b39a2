using ModularTorrent.Sdk.Pieces;
using Xunit;

namespace ModularTorrent.Selection.Tests;

public sealed class ContextValidationTests
{
    public static TheoryData<string> Policies => ["rarest-first", "sequential", "priority"];

    private static IPieceSelectionPolicy Create(string name) => name switch
    {
        "rarest-first" => new RarestFirstPolicy(),
        "sequential" => new SequentialPolicy(),
        _ => new PriorityPolicy(),
    };

    [Theory]
    [MemberData(nameof(Policies))]
    public void Peer_bitfield_of_another_length_is_refused_by_name(string name)
    {
        var have = new byte[2];
        var peer = new byte[2];
        var ex = Assert.Throws<ArgumentException>(() => Create(name).SelectPieces(
            new PieceSelectionContext(new(have, 16), new(peer, 12), default, default, [], [], 0),
            new int[4]));
        Assert.Contains("PeerHas has 12 bits but the torrent has 16 pieces", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void Short_availability_is_refused(string name)
    {
        var bits = new byte[2];
        var ex = Assert.Throws<ArgumentException>(() => Create(name).SelectPieces(
            new PieceSelectionContext(new(bits, 16), new(bits, 16), default, default, new int[15], [], 0),
            new int[4]));
        Assert.Contains("Availability has 15 entries", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void Short_priorities_are_refused(string name)
    {
        var bits = new byte[2];
        var ex = Assert.Throws<ArgumentException>(() => Create(name).SelectPieces(
            new PieceSelectionContext(new(bits, 16), new(bits, 16), default, default, [], new byte[3], 0),
            new int[4]));
        Assert.Contains("Priorities has 3 entries", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void Zero_piece_torrent_yields_nothing(string name)
    {
        var picked = Create(name).SelectPieces(
            new PieceSelectionContext(default, default, default, default, [], [], 0), new int[4]);
        Assert.Equal(0, picked);
    }
}
