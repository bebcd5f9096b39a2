using ModularTorrent.BitTorrent.Pieces;

namespace ModularTorrent.BitTorrent.WebSeeds;

/// <summary>
/// Decides which piece each web seed of a torrent fetches next and what to do with a seed after each result.
/// Picks wanted pieces that no peer and no other web seed is fetching, rarest first (a piece no peer has comes
/// first), next to the seed's previous piece on a tie (HTTP reads stay sequential). A seed whose pieces fail
/// their SHA-1 <see cref="WebSeedSchedulerOptions.MaxHashFailures"/> times is dropped; transport errors back it
/// off exponentially (or per <c>Retry-After</c>) and drop it after
/// <see cref="WebSeedSchedulerOptions.MaxConsecutiveErrors"/> in a row. Thread-safe.
/// </summary>
public sealed class WebSeedScheduler
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Uri, WebSeedState> _seeds = [];
    private readonly Bitfield _claimed;
    private readonly TimeProvider _clock;

    /// <summary>Creates a scheduler for a torrent of <paramref name="pieceCount"/> pieces.</summary>
    public WebSeedScheduler(int pieceCount, TimeProvider clock, WebSeedSchedulerOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pieceCount);
        ArgumentNullException.ThrowIfNull(clock);
        PieceCount = pieceCount;
        _claimed = new Bitfield(pieceCount);
        _clock = clock;
        Options = options ?? WebSeedSchedulerOptions.Default;
    }

    /// <summary>Pieces in the torrent.</summary>
    public int PieceCount { get; }

    /// <summary>The policy in use.</summary>
    public WebSeedSchedulerOptions Options { get; }

    /// <summary>Registers a web seed (again: no effect).</summary>
    public void Add(Uri seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        lock (_lock)
        {
            _seeds.TryAdd(seed, new WebSeedState(PieceCount));
        }
    }

    /// <summary>True when <paramref name="piece"/> is being fetched by some web seed; peers should leave it alone.</summary>
    public bool IsClaimed(int piece)
    {
        lock (_lock)
        {
            return _claimed[piece];
        }
    }

    /// <summary>True when the seed was dropped.</summary>
    public bool IsDropped(Uri seed) => GetDropReason(seed) is not null;

    /// <summary>Why the seed was dropped, or null while it is in use.</summary>
    public string? GetDropReason(Uri seed)
    {
        lock (_lock)
        {
            return Get(seed).DropReason;
        }
    }

    /// <summary>How long the seed must still wait before its next request (zero when it may go now).</summary>
    public TimeSpan GetDelay(Uri seed)
    {
        lock (_lock)
        {
            var wait = Get(seed).NotBefore - _clock.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
    }

    /// <summary>Pieces the seed delivered and that passed their hash check.</summary>
    public long GetVerifiedCount(Uri seed)
    {
        lock (_lock)
        {
            return Get(seed).VerifiedPieces;
        }
    }

    /// <summary>Pieces from the seed that failed their hash check.</summary>
    public int GetHashFailures(Uri seed)
    {
        lock (_lock)
        {
            return Get(seed).HashFailures;
        }
    }

    /// <summary>
    /// Picks and claims the next piece for <paramref name="seed"/>, or returns -1 (nothing suitable, backing off, or dropped).
    /// The caller should mark the piece in progress in its own picker so peers do not request it, and must end the
    /// claim with exactly one of <see cref="ReportVerified"/>, <see cref="ReportHashFailed"/>, <see cref="ReportError"/> or <see cref="Release"/>.
    /// </summary>
    /// <param name="seed">The web seed asking.</param>
    /// <param name="wanted">Pieces the torrent wants (not had, priority above zero).</param>
    /// <param name="peersInProgress">Pieces peers are already downloading.</param>
    /// <param name="availability">How many connected peers have each piece.</param>
    public int Pick(Uri seed, Bitfield wanted, Bitfield peersInProgress, ReadOnlySpan<int> availability)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        ArgumentNullException.ThrowIfNull(peersInProgress);
        if (wanted.Count != PieceCount || peersInProgress.Count != PieceCount || availability.Length < PieceCount)
        {
            throw new ArgumentException($"The piece sets must cover the torrent's {PieceCount} pieces.", nameof(wanted));
        }

        lock (_lock)
        {
            var state = Get(seed);
            if (state.DropReason is not null || state.NotBefore > _clock.GetUtcNow() || wanted.SetCount == 0)
            {
                return -1;
            }

            var piece = Best(state, wanted, peersInProgress, availability, includePeerPieces: false);
            if (piece < 0 && Options.AllowDuplicatesInEndGame)
            {
                piece = Best(state, wanted, peersInProgress, availability, includePeerPieces: true);
            }

            if (piece >= 0)
            {
                _claimed.Set(piece, true);
                state.Claimed.Add(piece);
                state.LastPiece = piece;
            }

            return piece;
        }
    }

    /// <summary>The seed delivered <paramref name="piece"/> and it passed its hash check.</summary>
    public WebSeedVerdict ReportVerified(Uri seed, int piece)
    {
        lock (_lock)
        {
            var state = Unclaim(seed, piece);
            state.VerifiedPieces++;
            state.ConsecutiveErrors = 0;
            return Verdict(state);
        }
    }

    /// <summary>The seed delivered <paramref name="piece"/> and it failed its hash check: counted, and the seed is dropped at the limit.</summary>
    public WebSeedVerdict ReportHashFailed(Uri seed, int piece)
    {
        lock (_lock)
        {
            var state = Unclaim(seed, piece);
            state.HashFailures++;
            state.Unavailable.Set(piece, true);
            if (state.HashFailures >= Options.MaxHashFailures)
            {
                state.DropReason ??= $"served {state.HashFailures} pieces that failed their hash check";
            }

            return Verdict(state);
        }
    }

    /// <summary>
    /// The request for <paramref name="piece"/> failed. A missing file (<see cref="WebSeedErrorKind.NotFound"/>) marks
    /// <paramref name="firstAffected"/>..<paramref name="lastAffected"/> (the pieces of that file; default: the piece)
    /// as not on this seed without backing off; a bad range or wrong length marks the piece; everything but
    /// <see cref="WebSeedErrorKind.NotFound"/> backs the seed off.
    /// </summary>
    public WebSeedVerdict ReportError(Uri seed, int piece, WebSeedException error, int firstAffected = -1, int lastAffected = -1)
    {
        ArgumentNullException.ThrowIfNull(error);
        lock (_lock)
        {
            var state = Unclaim(seed, piece);
            state.ConsecutiveErrors++;
            if (error.Kind is WebSeedErrorKind.NotFound)
            {
                if (firstAffected < 0)
                {
                    (firstAffected, lastAffected) = (piece, piece);
                }

                for (var i = Math.Max(0, firstAffected); i <= Math.Min(lastAffected, PieceCount - 1); i++)
                {
                    state.Unavailable.Set(i, true);
                }
            }
            else
            {
                if (error.Kind is WebSeedErrorKind.BadRange or WebSeedErrorKind.WrongLength)
                {
                    state.Unavailable.Set(piece, true);
                }

                var doubling = Options.BaseBackoff * Math.Pow(2, Math.Min(state.ConsecutiveErrors - 1, 16));
                var backoff = error.RetryAfter ?? (doubling > Options.MaxBackoff ? Options.MaxBackoff : doubling);
                state.NotBefore = _clock.GetUtcNow() + backoff;
            }

            if (Options.MaxConsecutiveErrors > 0 && state.ConsecutiveErrors >= Options.MaxConsecutiveErrors)
            {
                state.DropReason ??= $"failed {state.ConsecutiveErrors} requests in a row (last: {error.Message})";
            }

            return Verdict(state);
        }
    }

    /// <summary>Gives a claimed piece back without judging the seed (the fetch was cancelled).</summary>
    public void Release(Uri seed, int piece)
    {
        lock (_lock)
        {
            Unclaim(seed, piece);
        }
    }

    /// <summary>Drops the seed for good (the torrent decided so itself).</summary>
    public void Drop(Uri seed, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        lock (_lock)
        {
            Get(seed).DropReason ??= reason;
        }
    }

    private int Best(WebSeedState state, Bitfield wanted, Bitfield peersInProgress, ReadOnlySpan<int> availability, bool includePeerPieces)
    {
        var best = -1;
        var bestAvailability = int.MaxValue;
        for (var i = 0; i < PieceCount; i++)
        {
            if (!wanted[i] || _claimed[i] || state.Unavailable[i] || peersInProgress[i] != includePeerPieces)
            {
                continue;
            }

            if (availability[i] < bestAvailability)
            {
                best = i;
                bestAvailability = availability[i];
            }
        }

        var next = state.LastPiece + 1;
        if (best >= 0 && next < PieceCount && next != best && wanted[next] && !_claimed[next] && !state.Unavailable[next]
            && peersInProgress[next] == includePeerPieces && availability[next] == bestAvailability)
        {
            return next;
        }

        return best;
    }

    private WebSeedState Unclaim(Uri seed, int piece)
    {
        var state = Get(seed);
        if (!state.Claimed.Remove(piece))
        {
            throw new InvalidOperationException($"Piece {piece} is not claimed by the web seed '{seed}'.");
        }

        _claimed.Set(piece, false);
        return state;
    }

    private WebSeedVerdict Verdict(WebSeedState state) =>
        state.DropReason is not null ? WebSeedVerdict.Dropped
        : state.NotBefore > _clock.GetUtcNow() ? WebSeedVerdict.BackingOff
        : WebSeedVerdict.Continue;

    private WebSeedState Get(Uri seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        return _seeds.TryGetValue(seed, out var state)
            ? state
            : throw new InvalidOperationException($"The web seed '{seed}' is not registered with this scheduler.");
    }
}
