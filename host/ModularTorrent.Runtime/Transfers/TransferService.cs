using Microsoft.Extensions.Logging;
using ModularTorrent.Runtime.Events;
using ModularTorrent.Runtime.Plugins;
using ModularTorrent.Sdk.Events;
using ModularTorrent.Sdk.Protocols;
using ModularTorrent.Storage;

namespace ModularTorrent.Runtime.Transfers;

/// <summary>
/// The host's list of transfers. It records every transfer in the database, hands it to the
/// protocol handler that claims its source, and keeps it across handler reloads: when a handler's
/// plugin unloads, its transfers wait; when a handler is registered again they restart from the
/// stored source (and the handler's resume data), so verified pieces are not fetched twice.
/// </summary>
public sealed class TransferService : IAsyncDisposable
{
    private readonly ExtensionRegistry _registry;
    private readonly TorrentRepository _repository;
    private readonly EventHub _events;
    private readonly TimeProvider _clock;
    private readonly ILogger _log;
    private readonly TransferServiceOptions _options;
    private readonly TorrentSourceFetcher _fetcher;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TransferEntry> _entries = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _restartGate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private EventSubscription? _completions;
    private Task _completionLoop = Task.CompletedTask;
    private int _disposed;
    private TorrentRecord[]? _records;

    /// <summary>Creates the service.</summary>
    /// <param name="registry">Where protocol handlers are found.</param>
    /// <param name="repository">The torrents table.</param>
    /// <param name="events">The event hub.</param>
    /// <param name="http">The client used to fetch .torrent files from URLs.</param>
    /// <param name="options">Settings.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="logger">The logger.</param>
    public TransferService(ExtensionRegistry registry, TorrentRepository repository, EventHub events, HttpClient http, TransferServiceOptions options, TimeProvider clock, ILogger<TransferService> logger)
    {
        _registry = registry;
        _repository = repository;
        _events = events;
        _clock = clock;
        _log = logger;
        _options = options;
        _fetcher = new TorrentSourceFetcher(http, options);
    }

    /// <summary>Loads the stored transfers and starts those a registered handler can run.</summary>
    /// <param name="cancellationToken">Cancels loading.</param>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        foreach (var record in await _repository.ListAsync(cancellationToken))
        {
            lock (_gate)
            {
                _entries[record.Id] = new TransferEntry(record);
                _records = null;
            }
        }

        _completions = _events.Subscribe(capacity: 4096);
        _completionLoop = RecordCompletionsAsync(_completions, _stopping.Token);
        _registry.Changed += OnRegistryChanged;
        await RestartWaitingAsync(cancellationToken);
    }

    /// <summary>How many transfers the host knows.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Adds a transfer: picks the handler, starts it, records it.</summary>
    /// <param name="request">What to add.</param>
    /// <param name="cancellationToken">Cancels the add.</param>
    /// <exception cref="TransferSourceException">Malformed, unreachable, duplicate or unsupported source.</exception>
    public async Task<TransferSnapshot> AddAsync(AddTransferRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var source = await _fetcher.ResolveAsync(request.Source, FindHandler, cancellationToken);
        var handler = FindHandler(source) ?? throw Unclaimed(source);
        var savePath = Path.GetFullPath(request.SavePath ?? _options.DefaultSavePath);
        var handle = await handler.StartAsync(
            new TransferRequest(source, savePath)
            {
                SelectionPolicy = request.SelectionPolicy,
                StartPaused = request.StartPaused,
                FilePriorities = request.FilePriorities,
                Limits = request.Limits,
                PaymentStrategy = request.PaymentStrategy,
                Peers = request.Peers,
            },
            cancellationToken);

        lock (_gate)
        {
            if (_entries.ContainsKey(handle.Id))
            {
                throw new TransferSourceException(TransferSourceError.Duplicate, $"Torrent '{handle.Id}' is already added.");
            }
        }

        var record = new TorrentRecord
        {
            Id = handle.Id,
            InfoHash = LooksLikeInfoHash(handle.Id) ? handle.Id : null,
            Name = handle.Name,
            SourceUri = source.Uri,
            Metainfo = source.Content?.ToArray() ?? handle.GetMetainfo()?.ToArray(),
            SavePath = savePath,
            State = request.StartPaused ? TransferState.Paused : handle.GetStatus().State,
            SelectionPolicy = request.SelectionPolicy,
            PaymentStrategy = request.PaymentStrategy,
            Limits = request.Limits ?? RateLimits.None,
            AddedAt = _clock.GetUtcNow(),
        };
        return await RecordStartedAsync(record, handler, handle, cancellationToken);
    }

    /// <summary>Shares a local file or folder through the named handler and records it.</summary>
    /// <param name="handlerName">The handler, e.g. <c>bittorrent</c>.</param>
    /// <param name="request">What to share.</param>
    /// <param name="cancellationToken">Cancels hashing.</param>
    public async Task<(TransferSnapshot Transfer, SeedResult Seed)> SeedAsync(string handlerName, SeedRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var handler = _registry.Find<IProtocolHandler>(handlerName)
            ?? throw new TransferSourceException(TransferSourceError.Unsupported, $"No loaded protocol handler named '{handlerName}'.");
        var result = await handler.SeedAsync(request, cancellationToken);
        var full = Path.GetFullPath(request.Path);
        var record = new TorrentRecord
        {
            Id = result.Handle.Id,
            InfoHash = LooksLikeInfoHash(result.Handle.Id) ? result.Handle.Id : null,
            Name = result.Handle.Name,
            SourceUri = result.Metainfo is null ? result.ShareableId : null,
            Metainfo = result.Metainfo?.ToArray(),
            SavePath = Path.GetDirectoryName(full) ?? full,
            State = TransferState.Seeding,
            AddedAt = _clock.GetUtcNow(),
            CompletedAt = _clock.GetUtcNow(),
        };
        return (await RecordStartedAsync(record, handler, result.Handle, cancellationToken), result);
    }

    /// <summary>Every transfer.</summary>
    public IReadOnlyList<TransferSnapshot> List()
    {
        TransferEntry[] entries;
        lock (_gate)
        {
            entries = [.. _entries.Values];
        }

        var result = new List<TransferSnapshot>(entries.Length);
        foreach (var entry in entries)
        {
            result.Add(entry.Snapshot());
        }

        return result;
    }

    /// <summary>Every transfer's stored record, ordered by when it was added (then id); cheap: no status is computed and the list is cached until a transfer is added, changed or removed.</summary>
    public IReadOnlyList<TorrentRecord> Records()
    {
        lock (_gate)
        {
            return _records ??= [.. _entries.Values.Select(e => e.Record).OrderBy(r => r.AddedAt).ThenBy(r => r.Id, StringComparer.Ordinal)];
        }
    }

    /// <summary>One transfer.</summary>
    /// <param name="id">The transfer id (info-hash).</param>
    /// <exception cref="TransferNotFoundException">Unknown id.</exception>
    public TransferSnapshot Get(string id) => Find(id).Snapshot();

    /// <summary>The running handle of a transfer, for detail views (files, peers, pieces, trackers).</summary>
    /// <param name="id">The transfer id.</param>
    /// <exception cref="TransferNotFoundException">Unknown id.</exception>
    /// <exception cref="TransferNotRunningException">No handler runs it now.</exception>
    public ITransferHandle Handle(string id) => Find(id).Handle ?? throw NotRunning(id);

    /// <summary>The stored metainfo (.torrent) of a transfer, when it has one.</summary>
    /// <param name="id">The transfer id.</param>
    /// <exception cref="TransferNotFoundException">Unknown id.</exception>
    public byte[]? Metainfo(string id)
    {
        var entry = Find(id);
        return entry.Record.Metainfo ?? entry.Handle?.GetMetainfo()?.ToArray();
    }

    /// <summary>Pauses a transfer and remembers it across restarts.</summary>
    /// <param name="id">The transfer id.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async Task<TransferSnapshot> PauseAsync(string id, CancellationToken cancellationToken = default)
    {
        var entry = Find(id);
        await (entry.Handle ?? throw NotRunning(id)).PauseAsync(cancellationToken);
        await UpdateRecordAsync(entry, r => r with { State = TransferState.Paused }, cancellationToken);
        return entry.Snapshot();
    }

    /// <summary>Resumes a paused transfer.</summary>
    /// <param name="id">The transfer id.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async Task<TransferSnapshot> ResumeAsync(string id, CancellationToken cancellationToken = default)
    {
        var entry = Find(id);
        var handle = entry.Handle ?? throw NotRunning(id);
        await handle.ResumeAsync(cancellationToken);
        await UpdateRecordAsync(entry, r => r with { State = handle.GetStatus().State }, cancellationToken);
        return entry.Snapshot();
    }

    /// <summary>Checks every piece again.</summary>
    /// <param name="id">The transfer id.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async Task<TransferSnapshot> RecheckAsync(string id, CancellationToken cancellationToken = default)
    {
        var entry = Find(id);
        await (entry.Handle ?? throw NotRunning(id)).RecheckAsync(cancellationToken);
        return entry.Snapshot();
    }

    /// <summary>Announces to every tracker now.</summary>
    /// <param name="id">The transfer id.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async Task<TransferSnapshot> ReannounceAsync(string id, CancellationToken cancellationToken = default)
    {
        var entry = Find(id);
        await (entry.Handle ?? throw NotRunning(id)).ReannounceAsync(cancellationToken);
        return entry.Snapshot();
    }

    /// <summary>Changes the selection policy and/or rate limits of a running transfer.</summary>
    /// <param name="id">The transfer id.</param>
    /// <param name="policy">A registered policy name, or <see langword="null"/> to keep it.</param>
    /// <param name="limits">New limits, or <see langword="null"/> to keep them.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <exception cref="ArgumentException">The policy is not registered.</exception>
    public async Task<TransferSnapshot> UpdateAsync(string id, string? policy, RateLimits? limits, CancellationToken cancellationToken = default)
    {
        var entry = Find(id);
        var handle = entry.Handle ?? throw NotRunning(id);
        if (policy is not null)
        {
            handle.SetSelectionPolicy(policy);
        }

        if (limits is not null)
        {
            handle.SetRateLimits(limits);
        }

        await UpdateRecordAsync(entry, r => r with { SelectionPolicy = policy ?? r.SelectionPolicy, Limits = limits ?? r.Limits }, cancellationToken);
        return entry.Snapshot();
    }

    /// <summary>Changes file priorities.</summary>
    /// <param name="id">The transfer id.</param>
    /// <param name="priorities">New priorities by file index.</param>
    public IReadOnlyList<TransferFile> SetFilePriorities(string id, IReadOnlyDictionary<int, FilePriority> priorities)
    {
        var handle = Handle(id);
        handle.SetFilePriorities(priorities);
        return handle.GetFiles();
    }

    /// <summary>Stops and forgets a transfer, optionally deleting its data.</summary>
    /// <param name="id">The transfer id.</param>
    /// <param name="deleteData">Also delete the downloaded files.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async Task RemoveAsync(string id, bool deleteData, CancellationToken cancellationToken = default)
    {
        var entry = Find(id);
        if (entry.Handle is { } handle)
        {
            await handle.StopAsync(deleteData, cancellationToken);
        }

        lock (_gate)
        {
            _entries.Remove(id);
            _records = null;
        }

        await _repository.DeleteAsync(id, cancellationToken);
        _events.Publish(new TransferRemoved(id, deleteData) { Timestamp = _clock.GetUtcNow() });
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // Called by the hosted service at stop and again by the container.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _registry.Changed -= OnRegistryChanged;
        await _stopping.CancelAsync();
        _completions?.Dispose();
        await _completionLoop;
        lock (_gate)
        {
            foreach (var entry in _entries.Values)
            {
                entry.Detach();
            }
        }

        _stopping.Dispose();
        _restartGate.Dispose();
    }

    private async Task<TransferSnapshot> RecordStartedAsync(TorrentRecord record, IProtocolHandler handler, ITransferHandle handle, CancellationToken cancellationToken)
    {
        if (!await _repository.AddAsync(record, cancellationToken))
        {
            throw new TransferSourceException(TransferSourceError.Duplicate, $"Torrent '{record.Id}' is already added.");
        }

        var entry = new TransferEntry(record);
        entry.Attach(handler, handle);
        lock (_gate)
        {
            _entries[record.Id] = entry;
            _records = null;
        }

        _events.Publish(new TransferAdded(record.Id, record.Name) { Timestamp = _clock.GetUtcNow() });
        return entry.Snapshot();
    }

    private IProtocolHandler? FindHandler(TransferSource source)
    {
        foreach (var handler in _registry.GetAll<IProtocolHandler>())
        {
            try
            {
                if (handler.CanHandle(source))
                {
                    return handler;
                }
            }
            catch (Exception ex)
            {
                _log.LogWarning("Handler {Handler} threw from CanHandle: {Error}", handler.Name, ex.Message);
            }
        }

        return null;
    }

    // Runs synchronously inside the registry change, before an unloading plugin's context is released:
    // every reference to a handler that is gone must be dropped now or it would pin the plugin.
    private void OnRegistryChanged(object? sender, EventArgs e)
    {
        var handlers = _registry.GetAll<IProtocolHandler>();
        var orphaned = false;
        lock (_gate)
        {
            foreach (var entry in _entries.Values)
            {
                if (entry.Handler is { } handler && !handlers.Contains(handler))
                {
                    entry.Detach();
                    orphaned = true;
                }
            }
        }

        if (orphaned)
        {
            _log.LogInformation("A protocol handler went away; its transfers wait for it to come back");
        }

        _ = RestartWaitingAsync(_stopping.Token);
    }

    private async Task RestartWaitingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _restartGate.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        try
        {
            TransferEntry[] waiting;
            lock (_gate)
            {
                waiting = [.. _entries.Values.Where(e => e.Handle is null)];
            }

            foreach (var entry in waiting)
            {
                await TryRestartAsync(entry, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Host stopping.
        }
        finally
        {
            _restartGate.Release();
        }
    }

    private async Task TryRestartAsync(TransferEntry entry, CancellationToken cancellationToken)
    {
        var record = entry.Record;
        TransferSource source = record.Metainfo is { } metainfo ? TransferSource.FromContent(metainfo) : TransferSource.FromUri(record.SourceUri ?? string.Empty);
        var handler = FindHandler(source);
        if (handler is null)
        {
            return;
        }

        try
        {
            var handle = await handler.StartAsync(
                new TransferRequest(source, record.SavePath)
                {
                    SelectionPolicy = record.SelectionPolicy,
                    StartPaused = record.State == TransferState.Paused,
                    Limits = record.Limits,
                    PaymentStrategy = record.PaymentStrategy,
                },
                cancellationToken);
            lock (_gate)
            {
                if (_entries.TryGetValue(record.Id, out var current) && ReferenceEquals(current, entry))
                {
                    entry.Attach(handler, handle);
                    entry.StartError = null;
                }
            }

            _log.LogInformation("Transfer {Id} restarted on handler {Handler}", record.Id, handler.Name);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            entry.StartError = ex.Message;
            _log.LogWarning("Transfer {Id} could not be restarted: {Error}", record.Id, ex.Message);
        }
    }

    private async Task RecordCompletionsAsync(EventSubscription subscription, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var envelope in subscription.Reader.ReadAllAsync(cancellationToken))
            {
                if (envelope.Event is TransferCompleted completed && TryFind(completed.Id) is { } entry && entry.Record.CompletedAt is null)
                {
                    await UpdateRecordAsync(entry, r => r with { CompletedAt = completed.Timestamp, State = TransferState.Seeding }, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            _log.LogError(ex, "Recording completions stopped");
        }
    }

    private async Task UpdateRecordAsync(TransferEntry entry, Func<TorrentRecord, TorrentRecord> change, CancellationToken cancellationToken)
    {
        var updated = change(entry.Record);
        lock (_gate)
        {
            entry.Record = updated;
            _records = null;
        }

        await _repository.UpdateAsync(updated, cancellationToken);
    }

    private TransferEntry Find(string id) => TryFind(id) ?? throw new TransferNotFoundException(id);

    private TransferEntry? TryFind(string id)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(id.ToLowerInvariant(), out var entry) || _entries.TryGetValue(id, out entry) ? entry : null;
        }
    }

    private static TransferSourceException Unclaimed(TransferSource source) => source.Content is not null
        ? new TransferSourceException(TransferSourceError.Malformed, "The upload is not a .torrent: expected a bencoded dictionary with an 'info' key.")
        : new TransferSourceException(TransferSourceError.Unsupported, $"No loaded protocol handler accepts '{source.Scheme ?? "this"}' sources.");

    private static TransferNotRunningException NotRunning(string id) =>
        new($"Torrent '{id}' is waiting for its protocol handler (its plugin is not loaded); try again when it is.");

    private static bool LooksLikeInfoHash(string id) => id.Length is 40 or 64 && id.All(char.IsAsciiHexDigitLower);
}
