using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ModularTorrent.Arc.Api;
using ModularTorrent.Arc.Endpoints;
using ModularTorrent.Arc.Outbox;
using ModularTorrent.Arc.Queueing;
using ModularTorrent.Arc.Resilience;
using ModularTorrent.Arc.Tracking;
using ModularTorrent.Sdk.Events;
using ModularTorrent.Sdk.Plugins;

namespace ModularTorrent.Arc;

/// <summary>
/// Broadcasts transactions through ARC. A transaction is stored in the outbox (when one is given),
/// queued by priority, released by the rate limiter, batched through <c>/v1/txs</c> when several
/// wait, sent with failover, breakers and retries, then followed until final by polls and callbacks.
/// </summary>
public sealed class ArcBroadcaster : IAsyncDisposable
{
    private readonly ArcClientOptions _options;
    private readonly TimeProvider _time;
    private readonly IArcOutbox? _outbox;
    private readonly IEventSink? _events;
    private readonly IPluginLogger? _logger;
    private const int MaxResponseBytes = 32 * 1024 * 1024;
    private readonly HttpClient _http;
    private readonly ArcApiClient _api;
    private readonly ArcFeeRates _fees;
    private readonly ArcSender _sender;
    private readonly ArcStatusTracker _tracker;
    private readonly PriorityTxQueue<QueuedTx> _queue = new();
    private readonly TokenBucketRateLimiter _limiter;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentDictionary<string, byte> _inFlight = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<Task, byte> _work = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly byte[]? _callbackToken;
    private Task? _dispatcher;
    private Task? _poller;
    private int _disposed;
    private int _resendDue;

    /// <summary>Creates a broadcaster; nothing is sent before <see cref="StartAsync"/>.</summary>
    /// <param name="options">The settings; checked here.</param>
    /// <param name="time">The clock; the system clock when <see langword="null"/>.</param>
    /// <param name="events">Where status changes are published.</param>
    /// <param name="outbox">Durable storage; without it a crash loses queued transactions.</param>
    /// <param name="logger">Where problems the broadcaster handled are logged.</param>
    /// <param name="handler">The HTTP handler to use; a pooled <see cref="SocketsHttpHandler"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message says which value.</exception>
    public ArcBroadcaster(
        ArcClientOptions options,
        TimeProvider? time = null,
        IEventSink? events = null,
        IArcOutbox? outbox = null,
        IPluginLogger? logger = null,
        HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { } error)
        {
            throw new ArgumentException(error, nameof(options));
        }

        _options = options;
        _time = time ?? TimeProvider.System;
        _events = events;
        _outbox = outbox;
        _logger = logger;
        _http = handler is null
            ? new HttpClient(new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectTimeout = options.RequestTimeout,
                MaxConnectionsPerServer = options.MaxConcurrentRequests * 2,
            }, disposeHandler: true)
            : new HttpClient(handler, disposeHandler: false);
        _http.Timeout = Timeout.InfiniteTimeSpan; // Each request has its own time-out on the TimeProvider.
        _http.MaxResponseContentBufferSize = MaxResponseBytes; // A runaway answer fails its endpoint instead of filling memory.
        Endpoints = new ArcEndpointRegistry(_time, options.BreakerFailureThreshold, options.BreakerCooldown);
        foreach (var endpoint in options.Endpoints)
        {
            Endpoints.Add(endpoint);
        }

        _api = new ArcApiClient(_http, options, _time);
        var api = _api;
        _fees = new ArcFeeRates(api, Endpoints, options, _time);
        _sender = new ArcSender(api, Endpoints, _fees, options, _time);
        _tracker = new ArcStatusTracker(_sender, events, outbox, logger, options, _time);
        _limiter = new TokenBucketRateLimiter(_time, options.TransactionsPerSecond, options.EffectiveBurst);
        _slots = new SemaphoreSlim(options.MaxConcurrentRequests, options.MaxConcurrentRequests);
        _callbackToken = options.CallbackToken is { Length: > 0 } token ? Encoding.UTF8.GetBytes(token) : null;
    }

    /// <summary>
    /// Raised once per transaction when its broadcast ends, including transactions re-sent from the
    /// outbox that no caller awaits. Handlers run on the sending task: keep them short, never throw.
    /// </summary>
    public event EventHandler<BroadcastResult>? BroadcastCompleted;

    /// <summary>The endpoints, managed at run time.</summary>
    public ArcEndpointRegistry Endpoints { get; }

    /// <summary>Transactions waiting in the queue.</summary>
    public int QueueLength => _queue.Count;

    /// <summary>Transactions being followed until a final status.</summary>
    public int TrackedCount => _tracker.Count;

    /// <summary>How many times a send backed off before retrying.</summary>
    public long Backoffs => _sender.Backoffs;

    /// <summary>Re-sends what the outbox holds as pending, resumes tracking, then starts sending and polling.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_dispatcher is not null)
        {
            throw new InvalidOperationException("The broadcaster is already started.");
        }

        await ResendPendingAsync(cancellationToken).ConfigureAwait(false);
        if (_outbox is not null)
        {
            foreach (var entry in await _outbox.ListAsync(OutboxState.Accepted, cancellationToken).ConfigureAwait(false))
            {
                _tracker.Track(entry.Txid, entry.TxStatus, null);
            }
        }

        _dispatcher = Task.Run(() => DispatchAsync(_stop.Token), CancellationToken.None);
        _poller = Task.Run(() => _tracker.RunAsync(ResendIfDueAsync, _stop.Token), CancellationToken.None);
    }

    /// <summary>
    /// Queues again every outbox entry still pending that is not already queued or being sent: at
    /// start, and whenever the host wants to retry transactions that found every endpoint unreachable.
    /// </summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>How many were queued.</returns>
    public async Task<int> ResendPendingAsync(CancellationToken cancellationToken = default)
    {
        if (_outbox is null)
        {
            return 0;
        }

        var queued = 0;
        foreach (var entry in await _outbox.ListAsync(OutboxState.Pending, cancellationToken).ConfigureAwait(false))
        {
            if (_inFlight.TryAdd(entry.Txid, 0))
            {
                var tx = ArcTransaction.FromPayload(entry.Txid, entry.Payload);
                _queue.Enqueue(new QueuedTx(tx, new TaskCompletionSource<BroadcastResult>(TaskCreationOptions.RunContinuationsAsynchronously)), entry.Priority);
                queued++;
            }
        }

        return queued;
    }

    /// <summary>Stores (when there is an outbox), queues and sends a transaction; completes with the outcome.</summary>
    /// <param name="transaction">The transaction.</param>
    /// <param name="priority">Its place in the queue.</param>
    /// <param name="cancellationToken">Stops waiting; the transaction stays queued and stored.</param>
    public async Task<BroadcastResult> SubmitAsync(ArcTransaction transaction, ArcPriority priority = ArcPriority.Normal, CancellationToken cancellationToken = default)
    {
        var completion = await EnqueueAsync(transaction, priority, cancellationToken).ConfigureAwait(false);
        return await completion.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stores (when there is an outbox) and queues a transaction. The returned task completes once the
    /// transaction is durable and queued; the task inside completes with the outcome.
    /// </summary>
    /// <param name="transaction">The transaction.</param>
    /// <param name="priority">Its place in the queue.</param>
    /// <param name="cancellationToken">Cancels the store.</param>
    public async Task<Task<BroadcastResult>> EnqueueAsync(ArcTransaction transaction, ArcPriority priority = ArcPriority.Normal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (!Enum.IsDefined(priority))
        {
            throw new ArgumentOutOfRangeException(nameof(priority), priority, "Unknown priority.");
        }

        if (_outbox is not null)
        {
            await _outbox.AddAsync(new OutboxEntry(transaction.Txid, transaction.Payload.ToArray(), priority, OutboxState.Pending), cancellationToken).ConfigureAwait(false);
        }

        _inFlight.TryAdd(transaction.Txid, 0);
        var completion = new TaskCompletionSource<BroadcastResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Enqueue(new QueuedTx(transaction, completion), priority);
        return completion.Task;
    }

    /// <summary>Changes the rate limit at run time.</summary>
    /// <param name="transactionsPerSecond">The new limit; positive.</param>
    /// <param name="burst">How many may leave at once; a tenth of a second's worth when <see langword="null"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void SetRateLimit(double transactionsPerSecond, int? burst = null) =>
        _limiter.Reconfigure(transactionsPerSecond, burst ?? Math.Max(1, (int)Math.Ceiling(transactionsPerSecond / 10)));

    /// <summary>The rate limit in force, transactions per second.</summary>
    public double RateLimit => _limiter.TokensPerSecond;

    /// <summary>The fee rate in satoshis per 1000 bytes: from <c>/v1/policy</c> (cached), else the fallback (100 by default).</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    public Task<decimal> GetFeeRateAsync(CancellationToken cancellationToken = default) => _fees.GetAsync(cancellationToken);

    /// <summary>ARC's answer about a transaction from the first endpoint that answers, or <see langword="null"/>.</summary>
    /// <param name="txid">The transaction id.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<ArcTxResponse?> GetStatusAsync(string txid, CancellationToken cancellationToken = default)
    {
        if (!ArcTransaction.IsTxid(txid))
        {
            throw new ArgumentException("A txid is 64 hex characters.", nameof(txid));
        }

        return (await _sender.GetStatusAsync(txid, null, cancellationToken).ConfigureAwait(false)).Response;
    }

    /// <summary>The last status seen of a tracked transaction, or <see langword="null"/>.</summary>
    /// <param name="txid">The transaction id.</param>
    public string? TrackedStatus(string txid) => _tracker.LastStatus(txid);

    /// <summary>Polls every tracked transaction once now, instead of waiting for the next tick.</summary>
    /// <param name="cancellationToken">Cancels the polls.</param>
    public Task PollStatusesAsync(CancellationToken cancellationToken = default) => _tracker.PollOnceAsync(all: true, cancellationToken);

    /// <summary>Asks one endpoint for <c>/v1/health</c>.</summary>
    /// <param name="endpointName">The endpoint's name.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <exception cref="ArcEndpointException">No endpoint has that name.</exception>
    public async Task<ArcHealth?> GetHealthAsync(string endpointName, CancellationToken cancellationToken = default)
    {
        var endpoint = Array.Find(Endpoints.Current, e => string.Equals(e.Name, endpointName, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArcEndpointException(ArcEndpointError.NotFound, $"No ARC endpoint is named '{endpointName}'.");
        return (await _api.GetHealthAsync(endpoint, cancellationToken).ConfigureAwait(false)).Health;
    }

    /// <summary>
    /// Takes a status callback from ARC (one callback, or a batch <c>{"count","callbacks"}</c>). The host maps
    /// this to the route given as <see cref="ArcClientOptions.CallbackUrl"/> and passes the request's
    /// <c>Authorization</c> header (with or without <c>Bearer</c>).
    /// </summary>
    /// <param name="token">The token the caller presented.</param>
    /// <param name="body">The request body.</param>
    /// <param name="cancellationToken">Cancels the handling.</param>
    public async Task<ArcCallbackResult> HandleCallbackAsync(string? token, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        if (_callbackToken is null)
        {
            return ArcCallbackResult.NotConfigured;
        }

        if (!TokenMatches(token))
        {
            return ArcCallbackResult.Unauthorized;
        }

        var callbacks = ParseCallbacks(body.Span);
        if (callbacks is null)
        {
            return ArcCallbackResult.Invalid;
        }

        foreach (var callback in callbacks)
        {
            await _tracker.ReportAsync(callback.Txid!.ToLowerInvariant(), callback.TxStatus!, null, cancellationToken).ConfigureAwait(false);
        }

        return ArcCallbackResult.Accepted;
    }

    /// <summary>Stops sending and polling. Queued transactions stay in the outbox and are sent after the next start.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        var tasks = new List<Task>(_work.Keys);
        if (_dispatcher is not null)
        {
            tasks.Add(_dispatcher);
        }

        if (_poller is not null)
        {
            tasks.Add(_poller);
        }

        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Expected when stopping.
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAsync().ConfigureAwait(false);
        _http.Dispose();
        _queue.Dispose();
        _slots.Dispose();
        _fees.Dispose();
        _stop.Dispose();
    }

    private async Task DispatchAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await _queue.WaitAsync(cancellationToken).ConfigureAwait(false);
                await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                await _limiter.WaitAsync(cancellationToken).ConfigureAwait(false);

                // Everything that queued up while waiting leaves in one batch, as far as tokens allow;
                // when the limit holds a backlog back, wait a moment for a fuller batch rather than
                // sending one request per token.
                var reserved = 1 + _queue.TryReserve(_options.MaxBatchSize - 1);
                if (reserved > 1 && _options.BatchWindow > TimeSpan.Zero && _limiter.TimeUntil(reserved) is { } fill && fill > TimeSpan.Zero)
                {
                    await Task.Delay(fill < _options.BatchWindow ? fill : _options.BatchWindow, _time, cancellationToken).ConfigureAwait(false);
                }

                var granted = Math.Max(1, _limiter.TryTake(reserved, out _));
                _queue.Unreserve(reserved - granted);
                var items = new List<QueuedTx>(granted);
                _queue.Take(granted, items);
                var work = ProcessAsync(items, cancellationToken);
                _work.TryAdd(work, 0);
                _ = work.ContinueWith(t => _work.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: what is still queued stays in the outbox.
        }
    }

    private async Task ProcessAsync(List<QueuedTx> items, CancellationToken cancellationToken)
    {
        try
        {
            var transactions = items.ConvertAll(i => i.Transaction);
            BroadcastResult[] results;
            try
            {
                results = await _sender.SendAsync(transactions, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                foreach (var item in items)
                {
                    item.Completion.TrySetCanceled(cancellationToken);
                }

                return;
            }
            catch (Exception e)
            {
                _logger?.Log(PluginLogLevel.Error, "Sending to ARC failed unexpectedly; the transactions stay pending in the outbox.", e);
                foreach (var item in items)
                {
                    item.Completion.TrySetException(e);
                }

                return;
            }

            await RecordAsync(results, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < items.Count; i++)
            {
                items[i].Completion.TrySetResult(results[i]);
                BroadcastCompleted?.Invoke(this, results[i]);
            }
        }
        finally
        {
            // Whatever happened, these are no longer queued or sent: ResendPendingAsync may pick them up again.
            foreach (var item in items)
            {
                _inFlight.TryRemove(item.Transaction.Txid, out _);
            }

            _slots.Release();
        }
    }

    private async Task RecordAsync(BroadcastResult[] results, CancellationToken cancellationToken)
    {
        var updates = new List<OutboxUpdate>(results.Length);
        foreach (var result in results)
        {
            switch (result.Outcome)
            {
                case BroadcastOutcome.Accepted or BroadcastOutcome.AlreadyKnown:
                    updates.Add(new OutboxUpdate(result.Txid, ArcStatusTracker.StateOf(result.TxStatus), result.TxStatus, null));
                    _tracker.Track(result.Txid, result.TxStatus, result.Endpoint);
                    break;
                case BroadcastOutcome.Rejected or BroadcastOutcome.FeeTooLow:
                    updates.Add(new OutboxUpdate(result.Txid, OutboxState.Failed, result.TxStatus, $"{result.Outcome}: {result.Detail}"));
                    break;
                default:
                    // Unreachable: stays pending; the next poll tick queues it again (or the next start).
                    Volatile.Write(ref _resendDue, 1);
                    break;
            }

            if (result.TxStatus is { Length: > 0 } status)
            {
                _events?.Publish(new BroadcastStatusChanged(result.Txid, status, result.Endpoint) { Timestamp = _time.GetUtcNow() });
            }
        }

        if (_outbox is null || updates.Count == 0)
        {
            return;
        }

        try
        {
            await _outbox.UpdateAsync(updates, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // ARC holds them; after a restart they are re-sent and answered as known, which counts as success.
            _logger?.Log(PluginLogLevel.Warning, "Could not record ARC answers in the outbox; those transactions will be re-sent after a restart.", e);
        }
    }

    private async Task ResendIfDueAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _resendDue, 0) == 1)
        {
            await ResendPendingAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private bool TokenMatches(string? presented)
    {
        if (presented is null)
        {
            return false;
        }

        var value = presented.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? presented[7..].Trim() : presented.Trim();
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(value), _callbackToken);
    }

    /// <summary>The callbacks in the body, or <see langword="null"/> when it is not ARC callback JSON with a txid and a status in each.</summary>
    private static IReadOnlyList<ArcTxResponse>? ParseCallbacks(ReadOnlySpan<byte> body)
    {
        IReadOnlyList<ArcTxResponse>? callbacks;
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            callbacks = document.RootElement.TryGetProperty("callbacks", out _)
                ? document.RootElement.Deserialize(ArcJsonContext.Default.ArcCallbackBatch)?.Callbacks
                : document.RootElement.Deserialize(ArcJsonContext.Default.ArcTxResponse) is { } one ? [one] : null;
        }
        catch (JsonException)
        {
            return null;
        }

        if (callbacks is null || callbacks.Count == 0)
        {
            return null;
        }

        foreach (var callback in callbacks)
        {
            if (callback is null || !ArcTransaction.IsTxid(callback.Txid) || string.IsNullOrWhiteSpace(callback.TxStatus))
            {
                return null;
            }
        }

        return callbacks;
    }

    private sealed record QueuedTx(ArcTransaction Transaction, TaskCompletionSource<BroadcastResult> Completion);
}
