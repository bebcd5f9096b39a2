using ModularTorrent.BitTorrent.Peers;
using ModularTorrent.BitTorrent.Pieces;
using ModularTorrent.Sdk.Pieces;

namespace ModularTorrent.BitTorrent.Tests.Torrents;

public sealed class PiecePickerTests
{
    private const int Pieces = 8;
    private const int PieceLength = 2 * PieceDownload.BlockSize;

    private sealed class FakePeer(int pieces) : IRequestingPeer
    {
        public Bitfield Have { get; } = new(pieces);

        public bool PeerChoking { get; set; }

        public HashSet<int> AllowedFastFromPeer { get; } = [];

        public HashSet<long> Outstanding { get; } = [];

        public bool OnParole { get; set; }
    }

    private sealed class ReverseOrderPolicy : IPieceSelectionPolicy
    {
        public string Name => "reverse";

        public int Calls { get; private set; }

        public int SelectPieces(scoped in PieceSelectionContext context, Span<int> destination)
        {
            Calls++;
            var n = 0;
            for (var i = context.PieceCount - 1; i >= 0 && n < destination.Length; i--)
            {
                if (context.IsCandidate(i))
                {
                    destination[n++] = i;
                }
            }

            return n;
        }
    }

    private sealed class ThrowingPolicy : IPieceSelectionPolicy
    {
        public string Name => "throws";

        public int SelectPieces(scoped in PieceSelectionContext context, Span<int> destination) => throw new InvalidOperationException("bug");
    }

    private sealed class LyingPolicy : IPieceSelectionPolicy
    {
        public string Name => "lies";

        public int SelectPieces(scoped in PieceSelectionContext context, Span<int> destination)
        {
            destination[0] = -5;
            destination[1] = 999;
            return 2;
        }
    }

    private static FakePeer Seed()
    {
        var peer = new FakePeer(Pieces);
        peer.Have.SetAll();
        return peer;
    }

    [Fact]
    public void The_policy_chooses_new_pieces_and_partial_pieces_are_finished_first()
    {
        var policy = new ReverseOrderPolicy();
        var picker = new PiecePicker(Pieces, _ => PieceLength, policy);
        var output = new List<BlockRequest>();
        picker.Pick(Seed(), 3, output);
        Assert.Equal([new BlockRequest(7, 0, 16384), new BlockRequest(7, 16384, 16384), new BlockRequest(6, 0, 16384)], output);

        // Another peer continues piece 6 before the policy is asked again.
        output.Clear();
        picker.Pick(Seed(), 1, output);
        Assert.Equal([new BlockRequest(6, 16384, 16384)], output);
        Assert.True(picker.InProgress[6] && picker.InProgress[7]);
        Assert.True(picker.EverRequested[7]);
    }

    [Fact]
    public void Pieces_we_have_skipped_priorities_and_missing_pieces_are_not_picked()
    {
        var picker = new PiecePicker(Pieces, _ => PieceLength, new InOrderSelectionPolicy());
        picker.MarkHave(0);
        picker.SetPriority(1, 0);
        var peer = new FakePeer(Pieces);
        peer.Have.Set(0, true);
        peer.Have.Set(1, true);
        peer.Have.Set(2, true);
        var output = new List<BlockRequest>();
        picker.Pick(peer, 10, output);
        Assert.All(output, r => Assert.Equal(2, r.Piece));
    }

    [Fact]
    public void A_throwing_policy_falls_back_to_in_order_and_a_lying_one_is_checked()
    {
        var picker = new PiecePicker(Pieces, _ => PieceLength, new ThrowingPolicy());
        var output = new List<BlockRequest>();
        picker.Pick(Seed(), 1, output);
        Assert.Equal(0, output[0].Piece);
        Assert.IsType<InvalidOperationException>(picker.PolicyFailure);

        var lying = new PiecePicker(Pieces, _ => PieceLength, new LyingPolicy());
        output.Clear();
        lying.Pick(Seed(), 4, output);
        Assert.Empty(output);
    }

    [Fact]
    public void Choked_peers_are_only_asked_for_allowed_fast_pieces()
    {
        var picker = new PiecePicker(Pieces, _ => PieceLength, new InOrderSelectionPolicy());
        var peer = Seed();
        peer.PeerChoking = true;
        var output = new List<BlockRequest>();
        picker.Pick(peer, 4, output);
        Assert.Empty(output);
        peer.AllowedFastFromPeer.Add(5);
        picker.Pick(peer, 4, output);
        Assert.All(output, r => Assert.Equal(5, r.Piece));
        Assert.Equal(2, output.Count);
    }

    [Fact]
    public void End_game_asks_a_second_peer_for_blocks_already_requested_but_never_the_same_peer_twice()
    {
        var picker = new PiecePicker(2, _ => PieceLength, new InOrderSelectionPolicy());
        var first = new FakePeer(2);
        first.Have.SetAll();
        var second = new FakePeer(2);
        second.Have.SetAll();
        var output = new List<BlockRequest>();
        picker.Pick(first, 10, output);
        Assert.Equal(4, output.Count);
        Assert.True(picker.IsEndGame);

        output.Clear();
        picker.Pick(first, 10, output);
        Assert.Empty(output);

        picker.Pick(second, 10, output);
        Assert.Equal(4, output.Count);

        // At most two peers per block.
        var third = new FakePeer(2);
        third.Have.SetAll();
        output.Clear();
        picker.Pick(third, 10, output);
        Assert.Empty(output);
    }

    [Fact]
    public void Released_requests_are_picked_again()
    {
        var picker = new PiecePicker(1, _ => PieceLength, new InOrderSelectionPolicy());
        var peer = new FakePeer(1);
        peer.Have.SetAll();
        var output = new List<BlockRequest>();
        picker.Pick(peer, 1, output);
        picker.Release(output[0].Key);
        peer.Outstanding.Clear();
        output.Clear();
        picker.Pick(peer, 1, output);
        Assert.Equal(new BlockRequest(0, 0, 16384), output[0]);
    }

    [Fact]
    public void A_peer_on_parole_gets_whole_pieces_of_its_own_and_nobody_joins_them()
    {
        var picker = new PiecePicker(Pieces, _ => PieceLength, new InOrderSelectionPolicy());
        var honest = Seed();
        var parole = Seed();
        parole.OnParole = true;
        var output = new List<BlockRequest>();

        // The honest peer starts piece 0 but only takes one block of it.
        picker.Pick(honest, 1, output);
        Assert.Equal(new BlockRequest(0, 0, 16384), output[0]);

        // The peer on parole does not join piece 0; it starts piece 1 and owns it.
        output.Clear();
        picker.Pick(parole, 1, output);
        Assert.Equal(1, output[0].Piece);
        Assert.Same(parole, picker.Downloads[1].Owner);

        // The honest peer finishes piece 0 and then starts piece 2, never touching piece 1.
        output.Clear();
        picker.Pick(honest, 3, output);
        Assert.Equal([new BlockRequest(0, 16384, 16384), new BlockRequest(2, 0, 16384), new BlockRequest(2, 16384, 16384)], output);

        // When the owner leaves, its piece is open to everyone again.
        picker.ReleaseOwnership(parole);
        output.Clear();
        picker.Pick(honest, 1, output);
        Assert.Equal(new BlockRequest(1, 16384, 16384), output[0]);
    }
}
