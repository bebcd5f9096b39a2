using System.Collections.Concurrent;
using ModularTorrent.Sdk.Events;

namespace ModularTorrent.Scripting.Rules;

/// <summary>
/// Loads <c>*.js</c> rule files from a folder at start and again when they change (debounced). A file becomes a
/// new version of the rule named after it, validated and dry-run like any other (on <c>NAME.facts.json</c> when
/// present), then activated by <c>file:NAME.js</c>. A broken file is reported (status and a
/// <see cref="PluginEvent"/> <c>rule.file.rejected</c>) and the version already running keeps running.
/// Deleting a file leaves its rule in place: rules are removed through the API.
/// </summary>
public sealed class RulesFolderWatcher : IAsyncDisposable
{
    /// <summary>The id under which the watcher publishes its events.</summary>
    public const string EventSource = "host.rules";

    private readonly RulesService service;
    private readonly IEventSink events;
    private readonly TimeProvider time;
    private readonly TimeSpan debounce;
    private readonly ConcurrentDictionary<string, ITimer> pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RuleFileStatus> status = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim oneAtATime = new(1, 1);
    private readonly CancellationTokenSource stopping = new();
    private FileSystemWatcher? watcher;
    private int disposed;

    /// <summary>Creates the watcher; nothing happens before <see cref="StartAsync"/>.</summary>
    /// <param name="service">Where the rules go.</param>
    /// <param name="folder">The rules folder; created if missing.</param>
    /// <param name="events">Where refusals are reported.</param>
    /// <param name="time">The clock for debouncing and status times.</param>
    /// <param name="debounce">How long a file must stay quiet before it is loaded (editors write in bursts).</param>
    public RulesFolderWatcher(RulesService service, string folder, IEventSink events, TimeProvider? time = null, TimeSpan? debounce = null)
    {
        this.service = service ?? throw new ArgumentNullException(nameof(service));
        this.events = events ?? throw new ArgumentNullException(nameof(events));
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Folder = Path.GetFullPath(folder);
        this.time = time ?? TimeProvider.System;
        this.debounce = debounce ?? TimeSpan.FromMilliseconds(300);
    }

    /// <summary>The watched folder.</summary>
    public string Folder { get; }

    /// <summary>The last outcome per file name.</summary>
    public IReadOnlyDictionary<string, RuleFileStatus> Status => status;

    /// <summary>Loads every rule file now, then watches the folder.</summary>
    /// <param name="cancellationToken">Cancels the initial load.</param>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Folder);
        watcher = new FileSystemWatcher(Folder, "*.js")
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
            IncludeSubdirectories = false,
        };
        watcher.Changed += (_, e) => Schedule(e.FullPath);
        watcher.Created += (_, e) => Schedule(e.FullPath);
        watcher.Renamed += (_, e) => Schedule(e.FullPath);
        watcher.EnableRaisingEvents = true;

        foreach (var file in Directory.EnumerateFiles(Folder, "*.js").Order(StringComparer.Ordinal))
        {
            await LoadAsync(file, cancellationToken);
        }
    }

    /// <summary>Loads one file now (also what the debounced watcher calls).</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The outcome, also kept in <see cref="Status"/>.</returns>
    public async Task<RuleFileStatus> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        var file = Path.GetFileName(path);
        var rule = Path.GetFileNameWithoutExtension(path);
        await oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var current = await service.GetAsync(rule, cancellationToken);
            int? running = current?.ActiveVersion;
            RuleFileStatus outcome;
            try
            {
                var source = await ReadAsync(path, cancellationToken);
                var samplePath = Path.Combine(Folder, rule + ".facts.json");
                var sample = File.Exists(samplePath) ? await ReadAsync(samplePath, cancellationToken) : null;
                var active = current?.Versions.FirstOrDefault(v => v.Version == current.ActiveVersion);
                if (active is not null && active.Source == source)
                {
                    outcome = new RuleFileStatus(file, rule, active.Version, null, time.GetUtcNow());
                }
                else
                {
                    var version = await service.PutAsync(rule, source, sample, "file:" + file, cancellationToken);
                    await service.ActivateAsync(rule, version, "file:" + file, cancellationToken);
                    outcome = new RuleFileStatus(file, rule, version, null, time.GetUtcNow());
                }
            }
            catch (Exception e) when (e is RuleValidationException or IOException or UnauthorizedAccessException)
            {
                var field = e is RuleValidationException validation ? validation.Field + ": " : string.Empty;
                outcome = new RuleFileStatus(file, rule, running, field + e.Message, time.GetUtcNow());
                events.Publish(new PluginEvent(EventSource, "rule.file.rejected", new Dictionary<string, string>
                {
                    ["file"] = file,
                    ["rule"] = rule,
                    ["error"] = outcome.Error!,
                    ["runningVersion"] = running?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default",
                })
                { Timestamp = time.GetUtcNow() });
            }

            status[file] = outcome;
            return outcome;
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    private void Schedule(string path)
    {
        if (stopping.IsCancellationRequested)
        {
            return;
        }

        var timer = pending.GetOrAdd(path, p => time.CreateTimer(_ => Fire(p), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        timer.Change(debounce, Timeout.InfiniteTimeSpan);
    }

    private void Fire(string path) => _ = Task.Run(async () =>
    {
        try
        {
            await LoadAsync(path, stopping.Token);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    });

    private static async Task<string> ReadAsync(string path, CancellationToken cancellationToken)
    {
        // An editor may still hold the file for a moment after the last change event.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await File.ReadAllTextAsync(path, cancellationToken);
            }
            catch (IOException) when (attempt < 5 && File.Exists(path))
            {
                await Task.Delay(50 * attempt, cancellationToken);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await stopping.CancelAsync();
        watcher?.Dispose();
        foreach (var timer in pending.Values)
        {
            await timer.DisposeAsync();
        }

        await oneAtATime.WaitAsync();
        oneAtATime.Release();
        oneAtATime.Dispose();
        stopping.Dispose();
    }
}
