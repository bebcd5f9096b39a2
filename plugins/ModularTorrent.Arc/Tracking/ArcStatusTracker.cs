using System.Collections.Concurrent;
using ModularTorrent.Arc.Outbox;
using ModularTorrent.Sdk.Events;
using ModularTorrent.Sdk.Plugins;

namespace ModularTorrent.Arc.Tracking;

/// <summary>
/// Follows accepted transactions until a final status, from polls of <c>GET /v1/tx/{txid}</c> and
/// from callbacks; each change is published as <see cref="BroadcastStatusChanged"/> and written to the outbox.
/// </summary>
internal sealed class ArcStatusTracker
{
    private readonly ConcurrentDictionary<string, Tracked> _tracked = new(StringComparer.OrdinalIgnoreCase);
    private readonly ArcSender _sender;
    private readonly IEventSink? _events;
    private readonly IArcOutbox? _outbox;
    private readonly IPluginLogger? _logger;
    private readonly ArcClientOptions _options;
    private readonly TimeProvider _time;
    private long _lastPrune;

    public ArcStatusTracker(ArcSender sender, IEventSink? events, IArcOutbox? outbox, IPluginLogger? logger, ArcClientOptions options, TimeProvider time)
    {
        _sender = sender;
        _events = events;
        _outbox = outbox;
        _logger = logger;
        _options = options;
        _time = time;
    }

    public int Count => _tracked.Count;

    public string? LastStatus(string txid) => _tracked.TryGetValue(txid, out var t) ? t.Status : null;

    /// <summary>Starts following a transaction ARC holds, unless its status is already final.</summary>
    public void Track(string txid, string? status, string? endpoint)
    {
        if (!ArcTxStatus.IsFinal(status) && (_tracked.Count < _options.MaxTrackedTransactions || _tracked.ContainsKey(txid)))
        {
            var now = _time.GetTimestamp();
            _tracked[txid] = new Tracked(status, endpoint, now, now);
        }
    }

    /// <summary>Applies a status: publishes it when it changed, persists it, stops tracking when final.</summary>
    /// <returns>Whether the status was new.</returns>
    public async Task<bool> ReportAsync(string txid, string status, string? endpoint, CancellationToken cancellationToken)
    {
        var isTracked = _tracked.TryGetValue(txid, out var tracked);
        if (isTracked && string.Equals(tracked!.Status, status, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Stored first, then published, then forgotten: whoever sees the change can read it back.
        if (_outbox is not null)
        {
            try
            {
                await _outbox.UpdateAsync([new OutboxUpdate(txid, StateOf(status), status, null)], cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The stored status catches up at the next change or poll.
                _logger?.Log(PluginLogLevel.Warning, $"Could not store status {status} of {txid} in the ARC outbox.", e);
            }
        }

        _events?.Publish(new BroadcastStatusChanged(txid, status, endpoint) { Timestamp = _time.GetUtcNow() });
        if (isTracked)
        {
            if (ArcTxStatus.IsFinal(status))
            {
                _tracked.TryRemove(txid, out _);
            }
            else
            {
                _tracked[txid] = tracked! with { Status = status, Endpoint = endpoint ?? tracked.Endpoint };
            }
        }

        return true;
    }

    /// <summary>
    /// Polls the tracked transactions not checked for a poll interval, least recently checked first and
    /// at most <see cref="ArcClientOptions.MaxPollsPerTick"/>; drops those tracked longer than the tracking time-out.
    /// </summary>
    /// <param name="all">Poll every tracked transaction now, whenever it was last checked.</param>
    /// <param name="cancellationToken">Cancels the polls.</param>
    public async Task PollOnceAsync(bool all, CancellationToken cancellationToken)
    {
        var due = new List<(string Txid, Tracked Tracked)>();
        foreach (var (txid, tracked) in _tracked)
        {
            if (_time.GetElapsedTime(tracked.Since) > _options.TrackingTimeout)
            {
                _tracked.TryRemove(txid, out _);
            }
            else if (all || _time.GetElapsedTime(tracked.LastChecked) >= _options.PollInterval)
            {
                due.Add((txid, tracked));
            }
        }

        foreach (var (txid, tracked) in due.OrderBy(d => d.Tracked.LastChecked).Take(all ? int.MaxValue : _options.MaxPollsPerTick))
        {
            var (response, endpoint) = await _sender.GetStatusAsync(txid, tracked.Endpoint, cancellationToken).ConfigureAwait(false);
            if (_tracked.TryGetValue(txid, out var current))
            {
                _tracked.TryUpdate(txid, current with { LastChecked = _time.GetTimestamp() }, current);
            }

            if (response?.TxStatus is { Length: > 0 } status)
            {
                await ReportAsync(txid, status, endpoint, cancellationToken).ConfigureAwait(false);
            }
        }

        await PruneAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        if (_outbox is null || _options.OutboxRetention is not { } retention || (_lastPrune != 0 && _time.GetElapsedTime(_lastPrune) < TimeSpan.FromHours(1)))
        {
            return;
        }

        _lastPrune = _time.GetTimestamp();
        try
        {
            await _outbox.PruneAsync(_time.GetUtcNow() - retention, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger?.Log(PluginLogLevel.Warning, "Could not prune the ARC outbox; trying again in an hour.", e);
        }
    }

    /// <summary>Polls every <see cref="ArcClientOptions.PollInterval"/> and runs <paramref name="onTick"/> after each poll, until cancelled.</summary>
    public async Task RunAsync(Func<CancellationToken, Task>? onTick, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.PollInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await PollOnceAsync(all: false, cancellationToken).ConfigureAwait(false);
                    if (onTick is not null)
                    {
                        await onTick(cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _logger?.Log(PluginLogLevel.Warning, "Polling ARC statuses failed; trying again at the next tick.", e);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    internal static OutboxState StateOf(string? status) =>
        string.Equals(status, ArcTxStatus.Mined, StringComparison.OrdinalIgnoreCase) ? OutboxState.Completed
        : ArcTxStatus.IsFailure(status) ? OutboxState.Failed
        : OutboxState.Accepted;

    private sealed record Tracked(string? Status, string? Endpoint, long Since, long LastChecked);
}
