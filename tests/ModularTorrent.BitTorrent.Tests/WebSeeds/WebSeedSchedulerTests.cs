using ModularTorrent.BitTorrent.Pieces;
using ModularTorrent.BitTorrent.WebSeeds;

namespace ModularTorrent.BitTorrent.Tests.WebSeeds;

public sealed class WebSeedSchedulerTests
{
    private static readonly Uri A = new("http://127.0.0.1:1/a/");
    private static readonly Uri B = new("http://127.0.0.1:1/b/");

    [Fact]
    public void Picks_the_rarest_wanted_piece_no_peer_is_fetching_and_never_the_same_piece_twice()
    {
        var scheduler = Create(8, A, B);
        var wanted = All(8);
        wanted.Set(0, false);
        var peers = new Bitfield(8);
        peers.Set(3, true);
        int[] availability = [0, 4, 3, 0, 2, 2, 1, 5];
        Assert.Equal(6, scheduler.Pick(A, wanted, peers, availability));
        Assert.Equal(4, scheduler.Pick(B, wanted, peers, availability)); // 4 and 5 tie at 2: the lower index.
        Assert.True(scheduler.IsClaimed(6));
        Assert.True(scheduler.IsClaimed(4));
        Assert.Equal(5, scheduler.Pick(B, wanted, peers, availability));
        Assert.Equal(2, scheduler.Pick(A, wanted, peers, availability));
        Assert.Equal(1, scheduler.Pick(A, wanted, peers, availability));
        Assert.Equal(7, scheduler.Pick(A, wanted, peers, availability));
        Assert.Equal(-1, scheduler.Pick(A, wanted, peers, availability)); // 3 belongs to a peer.
    }

    [Fact]
    public void On_a_tie_the_piece_after_the_previous_one_wins_so_reads_stay_sequential()
    {
        var scheduler = Create(6, A, B);
        var wanted = All(6);
        var none = new Bitfield(6);
        var availability = new int[6];
        Assert.Equal(0, scheduler.Pick(A, wanted, none, availability));
        Assert.Equal(1, scheduler.Pick(B, wanted, none, availability));
        Assert.Equal(2, scheduler.Pick(B, wanted, none, availability));
        Assert.Equal(3, scheduler.Pick(A, wanted, none, availability));
        scheduler.ReportVerified(A, 0);
        wanted.Set(0, false);
        Assert.Equal(4, scheduler.Pick(A, wanted, none, availability));
    }

    [Fact]
    public void End_game_duplicates_of_peer_pieces_only_when_allowed()
    {
        var wanted = All(2);
        var peers = All(2);
        var availability = new int[2];
        Assert.Equal(-1, Create(2, A).Pick(A, wanted, peers, availability));
        var scheduler = new WebSeedScheduler(2, TimeProvider.System, new WebSeedSchedulerOptions { AllowDuplicatesInEndGame = true });
        scheduler.Add(A);
        Assert.Equal(0, scheduler.Pick(A, wanted, peers, availability));
    }

    [Fact]
    public void A_seed_whose_pieces_fail_their_hash_is_dropped_after_two_and_never_asked_for_that_piece_again()
    {
        var scheduler = Create(4, A);
        var wanted = All(4);
        var none = new Bitfield(4);
        var availability = new int[4];
        var first = scheduler.Pick(A, wanted, none, availability);
        Assert.Equal(WebSeedVerdict.Continue, scheduler.ReportHashFailed(A, first));
        var second = scheduler.Pick(A, wanted, none, availability);
        Assert.NotEqual(first, second);
        Assert.Equal(WebSeedVerdict.Dropped, scheduler.ReportHashFailed(A, second));
        Assert.True(scheduler.IsDropped(A));
        Assert.Contains("2 pieces that failed their hash check", scheduler.GetDropReason(A), StringComparison.Ordinal);
        Assert.Equal(-1, scheduler.Pick(A, wanted, none, availability));
        Assert.False(scheduler.IsClaimed(first));
        Assert.Equal(2, scheduler.GetHashFailures(A));
    }

    [Fact]
    public void Transport_errors_back_off_exponentially_and_retry_after_wins()
    {
        var scheduler = Create(4, A);
        var wanted = All(4);
        var none = new Bitfield(4);
        var availability = new int[4];
        var piece = scheduler.Pick(A, wanted, none, availability);
        Assert.Equal(WebSeedVerdict.BackingOff, scheduler.ReportError(A, piece, new WebSeedException(WebSeedErrorKind.Timeout, "t")));
        Assert.InRange(scheduler.GetDelay(A), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5));
        Assert.Equal(-1, scheduler.Pick(A, wanted, none, availability));
        Assert.False(scheduler.IsClaimed(piece));

        var busy = Create(4, B);
        busy.ReportError(B, busy.Pick(B, wanted, none, availability), new WebSeedException(WebSeedErrorKind.Refused, "503", retryAfter: TimeSpan.FromSeconds(40)));
        Assert.InRange(busy.GetDelay(B), TimeSpan.FromSeconds(39), TimeSpan.FromSeconds(40));
    }

    [Fact]
    public void Consecutive_errors_double_the_back_off_up_to_the_cap_and_drop_at_the_limit()
    {
        var time = new ManualTime();
        var scheduler = new WebSeedScheduler(4, time, new WebSeedSchedulerOptions { MaxConsecutiveErrors = 4, BaseBackoff = TimeSpan.FromSeconds(5), MaxBackoff = TimeSpan.FromSeconds(15) });
        scheduler.Add(A);
        var wanted = All(4);
        var none = new Bitfield(4);
        var availability = new int[4];
        TimeSpan[] expected = [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15)];
        foreach (var delay in expected)
        {
            var piece = scheduler.Pick(A, wanted, none, availability);
            Assert.Equal(WebSeedVerdict.BackingOff, scheduler.ReportError(A, piece, new WebSeedException(WebSeedErrorKind.Connection, "reset")));
            Assert.Equal(delay, scheduler.GetDelay(A));
            time.Advance(delay);
        }

        var last = scheduler.Pick(A, wanted, none, availability);
        Assert.Equal(WebSeedVerdict.Dropped, scheduler.ReportError(A, last, new WebSeedException(WebSeedErrorKind.Connection, "reset")));
        Assert.Contains("4 requests in a row", scheduler.GetDropReason(A), StringComparison.Ordinal);
    }

    [Fact]
    public void A_good_piece_resets_the_error_count()
    {
        var time = new ManualTime();
        var scheduler = new WebSeedScheduler(4, time, new WebSeedSchedulerOptions { MaxConsecutiveErrors = 2 });
        scheduler.Add(A);
        var wanted = All(4);
        var none = new Bitfield(4);
        var availability = new int[4];
        scheduler.ReportError(A, scheduler.Pick(A, wanted, none, availability), new WebSeedException(WebSeedErrorKind.Timeout, "t"));
        time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(WebSeedVerdict.Continue, scheduler.ReportVerified(A, scheduler.Pick(A, wanted, none, availability)));
        Assert.Equal(WebSeedVerdict.BackingOff, scheduler.ReportError(A, scheduler.Pick(A, wanted, none, availability), new WebSeedException(WebSeedErrorKind.Timeout, "t")));
        Assert.Equal(1, scheduler.GetVerifiedCount(A));
    }

    [Fact]
    public void A_missing_file_marks_its_pieces_as_not_on_that_seed_without_backing_off()
    {
        var scheduler = Create(6, A, B);
        var wanted = All(6);
        var none = new Bitfield(6);
        var availability = new int[6];
        var piece = scheduler.Pick(A, wanted, none, availability);
        Assert.Equal(WebSeedVerdict.Continue, scheduler.ReportError(A, piece, new WebSeedException(WebSeedErrorKind.NotFound, "404"), 0, 3));
        Assert.Equal(TimeSpan.Zero, scheduler.GetDelay(A));
        Assert.Equal(4, scheduler.Pick(A, wanted, none, availability));
        Assert.Equal(0, scheduler.Pick(B, wanted, none, availability)); // Another seed may still have the file.
    }

    [Fact]
    public void Claims_must_be_ended_exactly_once_and_inputs_must_fit()
    {
        var scheduler = Create(3, A);
        var piece = scheduler.Pick(A, All(3), new Bitfield(3), new int[3]);
        scheduler.Release(A, piece);
        Assert.False(scheduler.IsClaimed(piece));
        Assert.Throws<InvalidOperationException>(() => scheduler.ReportVerified(A, piece));
        Assert.Throws<InvalidOperationException>(() => scheduler.Pick(B, All(3), new Bitfield(3), new int[3]));
        Assert.Throws<ArgumentException>(() => scheduler.Pick(A, All(4), new Bitfield(3), new int[3]));
        Assert.Throws<ArgumentException>(() => scheduler.Pick(A, All(3), new Bitfield(3), new int[2]));
    }

    private static WebSeedScheduler Create(int pieces, params Uri[] seeds)
    {
        var scheduler = new WebSeedScheduler(pieces, TimeProvider.System);
        foreach (var seed in seeds)
        {
            scheduler.Add(seed);
        }

        return scheduler;
    }

    private static Bitfield All(int count)
    {
        var field = new Bitfield(count);
        field.SetAll();
        return field;
    }

    /// <summary>A clock that moves only when told (timers are not needed by the scheduler).</summary>
    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
