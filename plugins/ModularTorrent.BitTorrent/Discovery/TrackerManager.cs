using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.BitTorrent.Discovery;

/// <summary>
/// The trackers of one torrent, in BEP 12 tiers: each tier is shuffled once, trackers are tried in
/// order, a tracker that answers moves to the front of its tier, and the next tier is tried only
/// when a whole tier failed.
/// </summary>
/// <remarks>
/// <para>
/// A tracker that has not seen our <c>started</c> announce (because an earlier one answered until now)
/// gets <c>started</c> instead of a plain announce, so it counts us. <c>stopped</c> goes to every tracker
/// that saw <c>started</c>, since after fail-overs more than one may list us.
/// </para>
/// <para>Announces are serialized; <see cref="GetStatus"/> may be called from any thread.</para>
/// </remarks>
public sealed class TrackerManager : IDisposable
{
    private readonly List<List<TrackerEntry>> _tiers = [];
    private readonly TimeProvider _clock;
    private readonly TrackerManagerOptions _options;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _statusLock = new();
    private DateTimeOffset _nextAnnounceDue;
    private bool _disposed;

    /// <summary>Creates the manager; no tracker is contacted until <see cref="AnnounceAsync"/>.</summary>
    /// <param name="tiers">Announce URLs by tier (<c>announce-list</c>, or one tier holding <c>announce</c>). Blank and repeated URLs are dropped.</param>
    /// <param name="http">The HTTP client for HTTP(S) trackers (not owned).</param>
    /// <param name="clock">The clock.</param>
    /// <param name="options">Settings; <see cref="TrackerManagerOptions.Default"/> when null.</param>
    public TrackerManager(IReadOnlyList<IReadOnlyList<string>> tiers, HttpClient http, TimeProvider clock, TrackerManagerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tiers);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(clock);
        _clock = clock;
        _options = options ?? TrackerManagerOptions.Default;
        _nextAnnounceDue = clock.GetUtcNow();
        var random = _options.ShuffleSeed is { } seed ? new Random(seed) : Random.Shared;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var urls in tiers)
        {
            var tier = new List<TrackerEntry>();
            foreach (var raw in urls ?? [])
            {
                var url = raw?.Trim();
                if (string.IsNullOrEmpty(url) || !seen.Add(url))
                {
                    continue;
                }

                tier.Add(CreateEntry(url, _tiers.Count, http));
            }

            if (tier.Count > 0)
            {
                var shuffled = tier.ToArray();
                random.Shuffle(shuffled);
                _tiers.Add([.. shuffled]);
            }
        }
    }

    /// <summary>When the next regular announce is due: after the answering tracker's interval, or the retry interval after a total failure.</summary>
    public DateTimeOffset NextAnnounceDue
    {
        get
        {
            lock (_statusLock)
            {
                return _nextAnnounceDue;
            }
        }
    }

    /// <summary>Announces to the first tracker that answers, tier by tier.</summary>
    /// <param name="request">What to announce.</param>
    /// <param name="cancellationToken">Cancels the announce.</param>
    /// <returns>The first answer, or null when no tracker answered (see <see cref="GetStatus"/> for why).</returns>
    /// <exception cref="ArgumentException">The request is invalid.</exception>
    public async Task<AnnounceResponse?> AnnounceAsync(AnnounceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_disposed, this);
        request.Validate();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return request.Event == AnnounceEvent.Stopped
                ? await StopAllAsync(request, cancellationToken)
                : await AnnounceFirstAsync(request, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Scrapes the trackers in tier order and returns the first answer.</summary>
    /// <param name="infoHashes">The torrents.</param>
    /// <param name="cancellationToken">Cancels the scrape.</param>
    /// <returns>The counts, or null when no tracker could scrape.</returns>
    public async Task<IReadOnlyDictionary<InfoHash, ScrapeStats>?> ScrapeAsync(IReadOnlyList<InfoHash> infoHashes, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var entry in Snapshot())
        {
            if (entry.Client is null)
            {
                continue;
            }

            try
            {
                return await entry.Client.ScrapeAsync(infoHashes, cancellationToken);
            }
            catch (Exception ex) when (IsTrackerFailure(ex, cancellationToken))
            {
                // Scrape is optional for trackers; one that cannot scrape is no reason to mark it broken.
            }
        }

        return null;
    }

    /// <summary>Every tracker with its tier, last outcome and next announce, in the order they are tried.</summary>
    public IReadOnlyList<TransferTracker> GetStatus()
    {
        lock (_statusLock)
        {
            var list = new List<TransferTracker>();
            foreach (var tier in _tiers)
            {
                foreach (var entry in tier)
                {
                    list.Add(entry.ToStatus());
                }
            }

            return list;
        }
    }

    /// <summary>Closes the UDP sockets. The HTTP client belongs to the caller.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var entry in Snapshot())
        {
            entry.Client?.Dispose();
        }

        _gate.Dispose();
    }

    private async Task<AnnounceResponse?> AnnounceFirstAsync(AnnounceRequest request, CancellationToken cancellationToken)
    {
        foreach (var tier in _tiers)
        {
            for (var i = 0; i < tier.Count; i++)
            {
                var entry = tier[i];
                var effective = request.Event == AnnounceEvent.None && !entry.Started
                    ? request with { Event = AnnounceEvent.Started }
                    : request;
                var response = await TryAnnounceAsync(entry, effective, cancellationToken);
                if (response is null)
                {
                    continue;
                }

                lock (_statusLock)
                {
                    // BEP 12: a tracker that answers goes to the front of its tier.
                    tier.RemoveAt(i);
                    tier.Insert(0, entry);
                    _nextAnnounceDue = entry.NextAnnounce!.Value;
                }

                return response;
            }
        }

        lock (_statusLock)
        {
            _nextAnnounceDue = _clock.GetUtcNow() + _options.RetryInterval;
        }

        return null;
    }

    private async Task<AnnounceResponse?> StopAllAsync(AnnounceRequest request, CancellationToken cancellationToken)
    {
        AnnounceResponse? first = null;
        foreach (var entry in Snapshot())
        {
            if (entry.Started)
            {
                var response = await TryAnnounceAsync(entry, request, cancellationToken);
                first ??= response;

                // Whether or not the tracker heard us, it will drop us by timeout: do not stop it twice.
                entry.Started = false;
            }
        }

        return first;
    }

    private async Task<AnnounceResponse?> TryAnnounceAsync(TrackerEntry entry, AnnounceRequest request, CancellationToken cancellationToken)
    {
        if (entry.Client is null)
        {
            return null;
        }

        AnnounceResponse response;
        try
        {
            response = await entry.Client.AnnounceAsync(request, cancellationToken);
        }
        catch (Exception ex) when (IsTrackerFailure(ex, cancellationToken))
        {
            lock (_statusLock)
            {
                entry.Status = TrackerEntry.Error;
                entry.Message = ex.Message;
                entry.Peers = 0;
                entry.NextAnnounce = null;
            }

            return null;
        }

        var wait = Max(response.Interval, response.MinInterval ?? TimeSpan.Zero, _options.MinimumInterval);
        lock (_statusLock)
        {
            entry.Status = TrackerEntry.Working;
            entry.Message = response.Warning;
            entry.Peers = response.Peers.Count;
            entry.Started = request.Event != AnnounceEvent.Stopped;
            entry.NextAnnounce = entry.Started ? _clock.GetUtcNow() + wait : null;
        }

        return response;
    }

    // Anything a tracker does wrong is that tracker's failure; only our own cancellation propagates.
    private static bool IsTrackerFailure(Exception ex, CancellationToken cancellationToken) =>
        ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested;

    private List<TrackerEntry> Snapshot()
    {
        lock (_statusLock)
        {
            return [.. _tiers.SelectMany(t => t)];
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b, TimeSpan c) =>
        TimeSpan.FromTicks(Math.Max(a.Ticks, Math.Max(b.Ticks, c.Ticks)));

    private TrackerEntry CreateEntry(string url, int tier, HttpClient http)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return new TrackerEntry(url, tier, null, "Not a valid absolute URL.");
        }

        try
        {
            ITrackerClient? client = uri.Scheme switch
            {
                "http" or "https" => new HttpTrackerClient(uri, http, _clock, _options.Http),
                "udp" => new UdpTrackerClient(uri, _clock, _options.Udp),
                _ => null,
            };
            return client is null
                ? new TrackerEntry(url, tier, null, $"Unsupported tracker scheme '{uri.Scheme}'.")
                : new TrackerEntry(url, tier, client, null);
        }
        catch (ArgumentException ex)
        {
            return new TrackerEntry(url, tier, null, ex.Message);
        }
    }
}
