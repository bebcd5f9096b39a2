using ModularTorrent.Arc.Endpoints;

namespace ModularTorrent.Arc;

/// <summary>Settings of an <see cref="ArcBroadcaster"/>. The defaults suit a public ARC service.</summary>
public sealed record ArcClientOptions
{
    /// <summary>The endpoints at start, primary first; more can be added at run time through <see cref="ArcEndpointRegistry"/>.</summary>
    public IReadOnlyList<ArcEndpointOptions> Endpoints { get; init; } = [];

    /// <summary>Transactions per second sent at most (token bucket).</summary>
    public double TransactionsPerSecond { get; init; } = 100;

    /// <summary>How many transactions may leave at once after a quiet period; by default a tenth of a second's worth.</summary>
    public int? Burst { get; init; }

    /// <summary>The most transactions in one <c>POST /v1/txs</c>.</summary>
    public int MaxBatchSize { get; init; } = 100;

    /// <summary>
    /// How long the sender may hold transactions back so more tokens accrue and they leave in one
    /// <c>/v1/txs</c> request instead of many small ones; only used when the rate limit, not the queue,
    /// holds them back. Zero sends as soon as one token is there.
    /// </summary>
    public TimeSpan BatchWindow { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>How many requests may be in flight at once.</summary>
    public int MaxConcurrentRequests { get; init; } = 4;

    /// <summary>How long one HTTP request may take before it counts as a failure of its endpoint.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How many rounds over the endpoints a send makes at most (the first included).</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The back-off before the second round; it doubles each round up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan BaseBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest back-off between two rounds.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a send may keep retrying in total before it reports the endpoints unreachable.</summary>
    public TimeSpan MaxRetryDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Consecutive failures that open an endpoint's circuit breaker.</summary>
    public int BreakerFailureThreshold { get; init; } = 5;

    /// <summary>How long an open breaker waits before letting one probe through.</summary>
    public TimeSpan BreakerCooldown { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The fee rate used until <c>/v1/policy</c> answers, in satoshis per 1000 bytes.</summary>
    public decimal FallbackFeeRateSatoshisPerKb { get; init; } = 100;

    /// <summary>How long a fee rate read from <c>/v1/policy</c> is trusted.</summary>
    public TimeSpan PolicyLifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The status ARC should wait for before answering (<c>X-WaitFor</c>), e.g. <c>SEEN_ON_NETWORK</c>; none when <see langword="null"/>.</summary>
    public string? WaitFor { get; init; }

    /// <summary>The longest ARC should wait for <see cref="WaitFor"/> (<c>X-MaxTimeout</c>, whole seconds).</summary>
    public TimeSpan? MaxTimeout { get; init; }

    /// <summary>Where ARC posts status callbacks (<c>X-CallbackUrl</c>); none when <see langword="null"/>.</summary>
    public Uri? CallbackUrl { get; init; }

    /// <summary>The token ARC sends back with callbacks (<c>X-CallbackToken</c>), checked by <see cref="ArcBroadcaster.HandleCallbackAsync"/>.</summary>
    public string? CallbackToken { get; init; }

    /// <summary>Whether ARC should call back for every status, not only the final ones (<c>X-FullStatusUpdates</c>).</summary>
    public bool FullStatusUpdates { get; init; }

    /// <summary>How often an accepted transaction's status is polled until it is final.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a transaction is tracked at most.</summary>
    public TimeSpan TrackingTimeout { get; init; } = TimeSpan.FromHours(3);

    /// <summary>The most transactions tracked at once; beyond it new ones are not tracked (their outbox state stays <c>Accepted</c>).</summary>
    public int MaxTrackedTransactions { get; init; } = 100_000;

    /// <summary>The most status polls per <see cref="PollInterval"/>, so polling never crowds out broadcasts; the least recently checked go first.</summary>
    public int MaxPollsPerTick { get; init; } = 500;

    /// <summary>How long finished (mined or failed) outbox entries are kept before they are deleted; never when <see langword="null"/>.</summary>
    public TimeSpan? OutboxRetention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Checks the values and returns a precise error, or <see langword="null"/> when they are valid.</summary>
    public string? Validate()
    {
        if (!(TransactionsPerSecond > 0) || double.IsInfinity(TransactionsPerSecond))
        {
            return $"TransactionsPerSecond must be a positive number; got {TransactionsPerSecond}.";
        }

        if (Burst is < 1)
        {
            return $"Burst must be at least 1; got {Burst}.";
        }

        if (MaxBatchSize is < 1 or > 10_000)
        {
            return $"MaxBatchSize must be between 1 and 10000; got {MaxBatchSize}.";
        }

        if (MaxConcurrentRequests is < 1 or > 256)
        {
            return $"MaxConcurrentRequests must be between 1 and 256; got {MaxConcurrentRequests}.";
        }

        if (MaxAttempts < 1)
        {
            return $"MaxAttempts must be at least 1; got {MaxAttempts}.";
        }

        if (RequestTimeout <= TimeSpan.Zero || BaseBackoff < TimeSpan.Zero || MaxBackoff < BaseBackoff
            || MaxRetryDuration <= TimeSpan.Zero || BatchWindow < TimeSpan.Zero || BreakerCooldown < TimeSpan.Zero || PollInterval <= TimeSpan.Zero)
        {
            return "Timeouts, intervals and back-offs must be positive, and MaxBackoff at least BaseBackoff.";
        }

        if (MaxTrackedTransactions < 0 || MaxPollsPerTick < 1)
        {
            return "MaxTrackedTransactions cannot be negative and MaxPollsPerTick must be at least 1.";
        }

        if (BreakerFailureThreshold < 1)
        {
            return $"BreakerFailureThreshold must be at least 1; got {BreakerFailureThreshold}.";
        }

        if (FallbackFeeRateSatoshisPerKb < 0)
        {
            return "FallbackFeeRateSatoshisPerKb cannot be negative.";
        }

        if (CallbackUrl is not null && string.IsNullOrEmpty(CallbackToken))
        {
            return "A CallbackUrl needs a CallbackToken, or anyone could post statuses.";
        }

        foreach (var endpoint in Endpoints)
        {
            if (endpoint.Validate() is { } error)
            {
                return error;
            }
        }

        return null;
    }

    /// <summary>The burst actually used.</summary>
    internal int EffectiveBurst => Burst ?? Math.Max(1, (int)Math.Ceiling(TransactionsPerSecond / 10));
}
