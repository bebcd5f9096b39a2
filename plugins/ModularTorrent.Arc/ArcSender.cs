using ModularTorrent.Arc.Api;
using ModularTorrent.Arc.Endpoints;
using ModularTorrent.Arc.Resilience;

namespace ModularTorrent.Arc;

/// <summary>
/// Sends transactions with failover and retries. Each round walks the endpoints in order, skipping
/// disabled ones and those whose breaker refuses; an endpoint that fails (transport error, time-out,
/// 5xx, 401/403, 408/429, an answer that is not ARC JSON) hands over to the next one at once. When a
/// round ends with transactions unanswered, the sender backs off (exponential, jittered) and tries
/// again, bounded by <see cref="ArcClientOptions.MaxAttempts"/> and <see cref="ArcClientOptions.MaxRetryDuration"/>.
/// ARC's verdicts about a transaction (accepted, known, rejected, fee too low) are final and never retried.
/// </summary>
internal sealed class ArcSender
{
    private readonly ArcApiClient _api;
    private readonly ArcEndpointRegistry _endpoints;
    private readonly ArcFeeRates _fees;
    private readonly ArcClientOptions _options;
    private readonly TimeProvider _time;
    private readonly BackoffPolicy _backoff;

    public ArcSender(ArcApiClient api, ArcEndpointRegistry endpoints, ArcFeeRates fees, ArcClientOptions options, TimeProvider time)
    {
        _api = api;
        _endpoints = endpoints;
        _fees = fees;
        _options = options;
        _time = time;
        _backoff = new BackoffPolicy(options.BaseBackoff, options.MaxBackoff);
    }

    private long _backoffs;

    /// <summary>Back-offs taken so far (for tests and statistics).</summary>
    public long Backoffs => Interlocked.Read(ref _backoffs);

    public async Task<BroadcastResult[]> SendAsync(IReadOnlyList<ArcTransaction> transactions, CancellationToken cancellationToken)
    {
        var results = new BroadcastResult?[transactions.Count];
        var started = _time.GetTimestamp();
        string? lastError = null;
        string? lastEndpoint = null;
        for (var round = 1; ; round++)
        {
            var pending = Pending(transactions, results);
            foreach (var endpoint in _endpoints.Current)
            {
                if (pending.Count == 0)
                {
                    break;
                }

                if (!endpoint.Enabled || !endpoint.Breaker.TryAcquire())
                {
                    continue;
                }

                lastEndpoint = endpoint.Name;
                var started1 = _time.GetTimestamp();
                ArcCallResult call;
                try
                {
                    call = pending.Count == 1
                        ? await _api.PostTxAsync(endpoint, pending[0].Tx, cancellationToken).ConfigureAwait(false)
                        : await _api.PostTxsAsync(endpoint, pending.ConvertAll(p => p.Tx), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is HttpRequestException or TimeoutException)
                {
                    endpoint.RecordFailure(_time.GetElapsedTime(started1));
                    lastError = e.Message;
                    continue;
                }
                catch (OperationCanceledException)
                {
                    endpoint.Breaker.Release();
                    throw;
                }

                if (IsEndpointFault(call))
                {
                    endpoint.RecordFailure(call.Latency);
                    lastError = $"ARC endpoint '{endpoint.Name}' answered HTTP {call.HttpStatus}.";
                    continue;
                }

                endpoint.RecordSuccess(call.Latency);
                await ClassifyAsync(endpoint, call, pending, results, cancellationToken).ConfigureAwait(false);
                pending = Pending(transactions, results);
            }

            if (pending.Count == 0)
            {
                return results!;
            }

            var delay = _backoff.Delay(round, Random.Shared.NextDouble());
            if (round >= _options.MaxAttempts || _time.GetElapsedTime(started) + delay > _options.MaxRetryDuration)
            {
                var detail = lastError ?? "Every ARC endpoint is disabled or its circuit breaker is open.";
                foreach (var (tx, index) in pending)
                {
                    results[index] = new BroadcastResult(tx.Txid, BroadcastOutcome.Unreachable, Endpoint: lastEndpoint, Detail: $"Gave up after {round} round(s): {detail}");
                }

                return results!;
            }

            Interlocked.Increment(ref _backoffs);
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Asks the endpoints in order for a transaction's status; <see langword="null"/> when none answers.</summary>
    public async Task<(ArcTxResponse? Response, string? Endpoint)> GetStatusAsync(string txid, string? preferred, CancellationToken cancellationToken)
    {
        var endpoints = _endpoints.Current;
        var ordered = preferred is null ? endpoints : [.. endpoints.Where(e => e.Name == preferred), .. endpoints.Where(e => e.Name != preferred)];
        foreach (var endpoint in ordered)
        {
            if (!endpoint.Enabled || !endpoint.Breaker.TryAcquire())
            {
                continue;
            }

            try
            {
                var call = await _api.GetTxAsync(endpoint, txid, cancellationToken).ConfigureAwait(false);
                if (IsEndpointFault(call) && call.HttpStatus != 404)
                {
                    endpoint.RecordFailure(call.Latency);
                    continue;
                }

                endpoint.RecordSuccess(call.Latency);
                return call.HttpStatus == 200 && call.Items.Count > 0 ? (call.Items[0], endpoint.Name) : (null, endpoint.Name);
            }
            catch (Exception e) when (e is HttpRequestException or TimeoutException)
            {
                endpoint.RecordFailure(TimeSpan.Zero);
            }
            catch (OperationCanceledException)
            {
                endpoint.Breaker.Release();
                throw;
            }
        }

        return (null, null);
    }

    /// <summary>
    /// Whether the answer says the endpoint, not the transaction, is at fault: 5xx, refused keys,
    /// throttling, a route that does not exist (a wrong base URL), or 200 without ARC JSON (a proxy page).
    /// </summary>
    private static bool IsEndpointFault(ArcCallResult call) =>
        call.HttpStatus >= 500 || call.HttpStatus is 401 or 403 or 404 or 405 or 408 or 429
        || (call.HttpStatus == 200 && call.Items.Count == 0);

    private async Task ClassifyAsync(ArcEndpoint endpoint, ArcCallResult call, List<(ArcTransaction Tx, int Index)> pending, BroadcastResult?[] results, CancellationToken cancellationToken)
    {
        // One policy read per answer, however many of its transactions were refused for their fee.
        Task<decimal>? feeRefresh = null;
        Task<decimal> RefreshFee() => feeRefresh ??= _fees.RefreshAsync(endpoint, cancellationToken);

        if (call.HttpStatus != 200)
        {
            // A request-level refusal (400, 409, 46x on /v1/tx) speaks about every transaction sent.
            var item = call.Items.Count > 0 ? call.Items[0] : new ArcTxResponse { Status = call.HttpStatus };
            foreach (var (tx, index) in pending)
            {
                results[index] = await ClassifyItemAsync(endpoint, tx, item, call.HttpStatus, RefreshFee, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        for (var i = 0; i < pending.Count; i++)
        {
            var (tx, index) = pending[i];
            var item = Find(call.Items, tx.Txid, i, pending.Count);
            if (item is not null)
            {
                results[index] = await ClassifyItemAsync(endpoint, tx, item, item.Status ?? 200, RefreshFee, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The answer about <paramref name="txid"/>: by txid, else by position when the counts match.</summary>
    private static ArcTxResponse? Find(IReadOnlyList<ArcTxResponse> items, string txid, int position, int sent)
    {
        foreach (var item in items)
        {
            if (string.Equals(item.Txid, txid, StringComparison.OrdinalIgnoreCase))
            {
                return item;
            }
        }

        return items.Count == sent && string.IsNullOrEmpty(items[position].Txid) ? items[position] : null;
    }

    private async Task<BroadcastResult> ClassifyItemAsync(ArcEndpoint endpoint, ArcTransaction tx, ArcTxResponse item, int code, Func<Task<decimal>> refreshFee, CancellationToken cancellationToken)
    {
        var detail = Describe(item);
        if (code is >= 200 and < 300)
        {
            if (ArcTxStatus.IsFailure(item.TxStatus))
            {
                return new BroadcastResult(tx.Txid, BroadcastOutcome.Rejected, item.TxStatus, endpoint.Name, code, detail ?? $"ARC reported {item.TxStatus}.");
            }

            var outcome = SaysAlreadyKnown(item) ? BroadcastOutcome.AlreadyKnown : BroadcastOutcome.Accepted;
            return new BroadcastResult(tx.Txid, outcome, item.TxStatus, endpoint.Name);
        }

        if (code is 465 or 473)
        {
            // Retrying the same bytes cannot raise the fee: read the policy again and let the caller rebuild.
            var rate = await refreshFee().ConfigureAwait(false);
            return new BroadcastResult(tx.Txid, BroadcastOutcome.FeeTooLow, item.TxStatus, endpoint.Name, code, detail ?? "The fee is too low.", rate);
        }

        if (SaysAlreadyKnown(item) || code == 409)
        {
            // "Already known" or a generic conflict: ask ARC what it holds; a good status means the earlier send worked.
            var (status, _) = await GetStatusAsync(tx.Txid, endpoint.Name, cancellationToken).ConfigureAwait(false);
            if (ArcTxStatus.IsAccepted(status?.TxStatus))
            {
                return new BroadcastResult(tx.Txid, BroadcastOutcome.AlreadyKnown, status!.TxStatus, endpoint.Name);
            }
        }

        return new BroadcastResult(tx.Txid, BroadcastOutcome.Rejected, item.TxStatus, endpoint.Name, code, detail ?? $"ARC answered {code}.");
    }

    private static bool SaysAlreadyKnown(ArcTxResponse item) => Mentions(item.ExtraInfo) || Mentions(item.Detail) || Mentions(item.Title);

    private static bool Mentions(string? text) =>
        text is not null
        && (text.Contains("already known", StringComparison.OrdinalIgnoreCase)
            || text.Contains("already-known", StringComparison.OrdinalIgnoreCase)
            || text.Contains("already in the mempool", StringComparison.OrdinalIgnoreCase)
            || text.Contains("already-in-mempool", StringComparison.OrdinalIgnoreCase)
            || text.Contains("already mined", StringComparison.OrdinalIgnoreCase));

    private static string? Describe(ArcTxResponse item)
    {
        var parts = new[] { item.Title, item.Detail, item.ExtraInfo }.Where(s => !string.IsNullOrWhiteSpace(s)).ToArray();
        return parts.Length == 0 ? null : string.Join(": ", parts);
    }

    private static List<(ArcTransaction Tx, int Index)> Pending(IReadOnlyList<ArcTransaction> transactions, BroadcastResult?[] results)
    {
        var pending = new List<(ArcTransaction, int)>();
        for (var i = 0; i < transactions.Count; i++)
        {
            if (results[i] is null)
            {
                pending.Add((transactions[i], i));
            }
        }

        return pending;
    }
}
