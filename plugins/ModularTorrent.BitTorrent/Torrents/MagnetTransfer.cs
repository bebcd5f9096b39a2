using ModularTorrent.BitTorrent.Engine;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.Sdk.Events;
using ModularTorrent.Sdk.Plugins;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.BitTorrent.Torrents;

/// <summary>
/// A transfer started from a magnet link. While the metadata is fetched from peers its state is
/// <see cref="TransferState.Metadata"/>; settings made meanwhile are kept and applied to the torrent
/// that takes over once the info dictionary has arrived and matched the info-hash.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The transfer's life ends in StopAsync, which disposes it.")]
public sealed class MagnetTransfer : ITransferHandle
{
    private readonly BitTorrentEngine _engine;
    private readonly TorrentOptions _options;
    private readonly CancellationTokenSource _cts = new();
    private readonly Lock _lock = new();
    private Torrent? _torrent;
    private string? _error;
    private bool _stopped;
    private volatile MetadataFetcher? _fetcher;
    private bool _pauseRequested;
    private string? _policy;
    private IReadOnlyDictionary<int, FilePriority>? _priorities;
    private RateLimits? _limits;

    internal MagnetTransfer(BitTorrentEngine engine, MagnetLink link, TorrentOptions options)
    {
        _engine = engine;
        Link = link;
        _options = options;
        _pauseRequested = options.StartPaused;
        Id = options.Id ?? link.InfoHash.ToHex();
    }

    /// <summary>The magnet link.</summary>
    public MagnetLink Link { get; }

    /// <inheritdoc />
    public string Id { get; }

    /// <inheritdoc />
    public string Name => _torrent?.Name ?? Link.DisplayName ?? Id;

    /// <summary>The torrent, once the metadata has arrived.</summary>
    public Torrent? Torrent => _torrent;

    /// <summary>Completes when the metadata phase has ended (torrent added, failed or stopped).</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <inheritdoc />
    public TransferStatus GetStatus() => _torrent?.GetStatus() ?? new TransferStatus
    {
        Id = Id,
        Name = Name,
        State = _stopped ? TransferState.Stopped : _error is not null ? TransferState.Error : TransferState.Metadata,
        TotalBytes = Link.ExactLength ?? 0,
        SelectionPolicy = _policy ?? _options.SelectionPolicy ?? Torrent.DefaultSelectionPolicy,
        Error = _error,
    };

    /// <inheritdoc />
    public IReadOnlyList<TransferFile> GetFiles() => _torrent?.GetFiles() ?? [];

    /// <inheritdoc />
    public IReadOnlyList<TransferPeer> GetPeers() => _torrent?.GetPeers() ?? [];

    /// <inheritdoc />
    public IReadOnlyList<TransferTracker> GetTrackers() => _torrent?.GetTrackers() ?? [];

    /// <inheritdoc />
    public byte[] GetVerifiedPieces() => _torrent?.GetVerifiedPieces() ?? [];

    /// <inheritdoc />
    public ReadOnlyMemory<byte>? GetMetainfo() => _torrent?.GetMetainfo();

    /// <inheritdoc />
    public Task PauseAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _pauseRequested = true;
        }

        return _torrent?.PauseAsync(cancellationToken) ?? Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ResumeAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _pauseRequested = false;
        }

        return _torrent?.ResumeAsync(cancellationToken) ?? Task.CompletedTask;
    }

    /// <inheritdoc />
    /// <remarks>Before the metadata is here there is no data to check.</remarks>
    public Task RecheckAsync(CancellationToken cancellationToken = default) => _torrent?.RecheckAsync(cancellationToken) ?? Task.CompletedTask;

    /// <inheritdoc />
    public Task ReannounceAsync(CancellationToken cancellationToken = default) => _torrent?.ReannounceAsync(cancellationToken) ?? Task.CompletedTask;

    /// <inheritdoc />
    public void SetSelectionPolicy(string policyName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(policyName);
        lock (_lock)
        {
            _policy = policyName;
        }

        _torrent?.SetSelectionPolicy(policyName);
    }

    /// <inheritdoc />
    public void SetFilePriorities(IReadOnlyDictionary<int, FilePriority> priorities)
    {
        ArgumentNullException.ThrowIfNull(priorities);
        lock (_lock)
        {
            _priorities = priorities;
        }

        _torrent?.SetFilePriorities(priorities);
    }

    /// <inheritdoc />
    public void SetRateLimits(RateLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        lock (_lock)
        {
            _limits = limits;
        }

        _torrent?.SetRateLimits(limits);
    }

    /// <inheritdoc />
    public async Task StopAsync(bool deleteData, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _stopped = true;
        }

        await _cts.CancelAsync();
        await Completion.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_torrent is { } torrent)
        {
            await torrent.StopAsync(deleteData, cancellationToken);
        }
        else
        {
            _engine.Publish(new TransferRemoved(Id, deleteData) { Timestamp = _engine.Services.Clock.GetUtcNow() });
        }

        _engine.RemoveMagnet(this);
        _cts.Dispose();
    }

    internal void Start() => Completion = Task.Run(RunAsync);

    /// <summary>The metadata fetch under way, or null before it starts and after it ends.</summary>
    internal MetadataFetcher? Fetcher => _fetcher;

    /// <summary>A peer on the local network (LSD) has this torrent: ask it for the metadata too.</summary>
    internal void AddLocalPeer(System.Net.IPEndPoint endPoint) => _fetcher?.Offer(endPoint, PeerSource.Lsd);

    // The magnet may be private once its metadata arrives, but BEP 27 cannot apply before: nothing says so yet.
    private void AnnounceLocally()
    {
        if (_engine.Lsd is { } lsd)
        {
            lsd.Track(Link.InfoHash);
            _ = lsd.AnnounceAsync([Link.InfoHash], _cts.Token).ContinueWith(
                t => _engine.Log(PluginLogLevel.Debug, $"LSD announce skipped: {t.Exception?.GetBaseException().Message}"),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    private async Task RunAsync()
    {
        _engine.Publish(new TransferStateChanged(Id, TransferState.Waiting, TransferState.Metadata) { Timestamp = _engine.Services.Clock.GetUtcNow() });
        try
        {
            var fetcher = new MetadataFetcher(_engine, Link, _options.Peers.Concat(MagnetPeers()));
            _fetcher = fetcher;
            AnnounceLocally();
            byte[] info;
            try
            {
                info = await fetcher.FetchAsync(_cts.Token);
            }
            finally
            {
                // From here the torrent (if any) does its own local discovery.
                _fetcher = null;
                _engine.Lsd?.Untrack(Link.InfoHash);
            }

            var metainfo = TorrentMetainfo.FromInfoDictionary(info, Link.Trackers.Select(t => (IReadOnlyList<string>)[t]).ToList(), Link.WebSeeds);
            _engine.Log(PluginLogLevel.Information, $"[{metainfo.Name}] Metadata received ({info.Length} bytes).");
            TorrentOptions options;
            lock (_lock)
            {
                options = _options with
                {
                    Id = Id,
                    StartPaused = _pauseRequested,
                    SelectionPolicy = _policy ?? _options.SelectionPolicy,
                    FilePriorities = _priorities ?? _options.FilePriorities ?? SelectOnly(metainfo),
                    Limits = _limits ?? _options.Limits,
                };
            }

            _torrent = _engine.AddFromMagnet(metainfo, options, fetcher.Responsive, fetcher.Liars);
        }
        catch (OperationCanceledException) when (_cts.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _error = ex.Message;
            _engine.Log(PluginLogLevel.Warning, $"Magnet {Id}: {ex.Message}");
            _engine.Publish(new TransferErrored(Id, ex.Message) { Timestamp = _engine.Services.Clock.GetUtcNow() });
        }
    }

    private IEnumerable<System.Net.IPEndPoint> MagnetPeers()
    {
        foreach (var text in Link.Peers)
        {
            if (System.Net.IPEndPoint.TryParse(text, out var endPoint) && endPoint.Port > 0)
            {
                yield return endPoint;
            }
        }
    }

    // BEP 53: "so" selects files by index; the others are skipped.
    private Dictionary<int, FilePriority>? SelectOnly(TorrentMetainfo metainfo)
    {
        if (Link.SelectOnly is not { Count: > 0 } selected)
        {
            return null;
        }

        return Enumerable.Range(0, metainfo.Files.Count).ToDictionary(i => i, i => selected.Contains(i) ? FilePriority.Normal : FilePriority.Skip);
    }
}
