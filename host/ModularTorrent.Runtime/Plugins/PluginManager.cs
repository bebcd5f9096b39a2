using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using ModularTorrent.Runtime.Events;
using ModularTorrent.Sdk.Events;
using ModularTorrent.Sdk.Plugins;

namespace ModularTorrent.Runtime.Plugins;

/// <summary>
/// Owns the life cycle of every plugin: discovery, load into a collectible context, start, stop,
/// unload with verified collection, hot reload on file changes, enable/disable and install.
/// A failing plugin is marked <see cref="PluginState.Failed"/>; the host and the other plugins keep running.
/// </summary>
public sealed class PluginManager : IAsyncDisposable
{
    private readonly PluginManagerOptions _options;
    private readonly ExtensionRegistry _registry;
    private readonly EventHub _events;
    private readonly IPluginPersistence _persistence;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _log;
    private readonly IConfiguration _configuration;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, PluginSlot> _slots = new(StringComparer.Ordinal);
    private readonly PluginFolderWatcher? _watcher;
    private bool _started;
    private int _disposed;

    /// <summary>Creates the manager; nothing is loaded until <see cref="StartAsync"/>.</summary>
    /// <param name="options">Folders, timeouts, watching.</param>
    /// <param name="registry">Where plugins register extensions.</param>
    /// <param name="events">Where plugin and life-cycle events go.</param>
    /// <param name="persistence">Database-backed plugin state.</param>
    /// <param name="loggers">Loggers for the manager and the plugins.</param>
    /// <param name="configuration">The host configuration; plugins see <c>Plugins:{id}</c>.</param>
    /// <param name="clock">The clock.</param>
    public PluginManager(
        PluginManagerOptions options,
        ExtensionRegistry registry,
        EventHub events,
        IPluginPersistence persistence,
        ILoggerFactory loggers,
        IConfiguration configuration,
        TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        _options = options;
        _registry = registry;
        _events = events;
        _persistence = persistence;
        _loggers = loggers;
        _log = loggers.CreateLogger<PluginManager>();
        _configuration = configuration;
        _clock = clock;
        if (options.WatchForChanges)
        {
            _watcher = new PluginFolderWatcher(options.PluginsDirectory, options.ReloadDebounce, OnFolderChanged);
        }
    }

    /// <summary>The full path of the plugins folder.</summary>
    public string PluginsDirectory => Path.GetFullPath(_options.PluginsDirectory);

    /// <summary>Loads every plugin folder (dependencies first) and starts watching for changes.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(PluginsDirectory);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            foreach (var folder in Directory.GetDirectories(PluginsDirectory))
            {
                var slot = new PluginSlot(folder);
                if (slot.FolderName.StartsWith('.'))
                {
                    continue; // staging folders of installs in progress
                }

                lock (_slots)
                {
                    _slots[slot.FolderName] = slot;
                }

                TryReadManifest(slot);
            }

            foreach (var slot in DependencyOrder.Sort(_slots.Values))
            {
                await LoadOrDisableAsync(slot, cancellationToken);
            }

            _started = true;
        }
        finally
        {
            _gate.Release();
        }

        _watcher?.Start();
    }

    /// <summary>A snapshot of every plugin, ordered by id.</summary>
    public IReadOnlyList<PluginInfo> List()
    {
        lock (_slots)
        {
            return [.. _slots.Values.Select(s => s.ToInfo()).OrderBy(p => p.Id, StringComparer.Ordinal)];
        }
    }

    /// <summary>One plugin by id (or folder name), or <see langword="null"/>.</summary>
    /// <param name="id">The plugin id.</param>
    public PluginInfo? Get(string id)
    {
        lock (_slots)
        {
            return FindSlot(id)?.ToInfo();
        }
    }

    /// <summary>Stops, unloads and loads a plugin again from its folder.</summary>
    /// <param name="id">The plugin id.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="KeyNotFoundException">No such plugin.</exception>
    public Task<PluginInfo> ReloadAsync(string id, CancellationToken cancellationToken = default) =>
        WithSlotAsync(id, slot => ReloadSlotAsync(slot, cancellationToken), cancellationToken);

    /// <summary>Stops and unloads a plugin and remembers that it is disabled.</summary>
    /// <param name="id">The plugin id.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="KeyNotFoundException">No such plugin.</exception>
    public Task<PluginInfo> DisableAsync(string id, CancellationToken cancellationToken = default) =>
        WithSlotAsync(
            id,
            async slot =>
            {
                await _persistence.SetEnabledAsync(slot.Id, false, cancellationToken);
                await UnloadAsync(slot, cancellationToken);
                SetState(slot, PluginState.Disabled, null);
            },
            cancellationToken);

    /// <summary>Enables a disabled plugin and loads it.</summary>
    /// <param name="id">The plugin id.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="KeyNotFoundException">No such plugin.</exception>
    public Task<PluginInfo> EnableAsync(string id, CancellationToken cancellationToken = default) =>
        WithSlotAsync(
            id,
            async slot =>
            {
                await _persistence.SetEnabledAsync(slot.Id, true, cancellationToken);
                if (slot.State is not PluginState.Loaded)
                {
                    await ReloadSlotAsync(slot, cancellationToken);
                }
            },
            cancellationToken);

    /// <summary>Waits until the last unload of a plugin was verified; returns whether its context was collected.</summary>
    /// <param name="id">The plugin id.</param>
    public Task<bool> WaitForUnloadVerificationAsync(string id)
    {
        lock (_slots)
        {
            return FindSlot(id)?.LastUnloadVerification ?? Task.FromResult(true);
        }
    }

    /// <summary>Installs (or upgrades) a plugin from a zip package and loads it.</summary>
    /// <param name="package">The zip: <c>plugin.json</c> at its root (or in its single top folder) and the plugin's files.</param>
    /// <param name="cancellationToken">Cancels the installation.</param>
    /// <exception cref="PluginLoadException">The package is invalid; the message says why.</exception>
    public async Task<PluginInfo> InstallAsync(Stream package, CancellationToken cancellationToken = default)
    {
        // Extract into a dot-folder first: the watcher and the scan ignore those, so a half-written package never looks like a plugin.
        Directory.CreateDirectory(PluginsDirectory);
        var staging = Path.Combine(PluginsDirectory, ".staging-" + Guid.NewGuid().ToString("N"));
        try
        {
            var extracted = PluginPackage.Extract(package, staging, _options.MaxPackageBytes);
            var manifest = PluginManifestReader.Read(extracted);
            await _gate.WaitAsync(cancellationToken);
            try
            {
                var target = Path.Combine(PluginsDirectory, manifest.Id);
                var slot = FindSlot(manifest.Id);
                if (slot is not null)
                {
                    await UnloadAsync(slot, cancellationToken);
                    Directory.Delete(slot.Folder, recursive: true);
                    lock (_slots)
                    {
                        _slots.Remove(slot.FolderName);
                    }
                }

                Directory.Move(extracted, target);
                var fresh = new PluginSlot(target);
                lock (_slots)
                {
                    _slots[fresh.FolderName] = fresh;
                }

                TryReadManifest(fresh);
                await LoadOrDisableAsync(fresh, cancellationToken);
                return fresh.ToInfo();
            }
            finally
            {
                _gate.Release();
            }
        }
        finally
        {
            TryDelete(staging);
        }
    }

    /// <summary>Stops and unloads every plugin.</summary>
    public async ValueTask DisposeAsync()
    {
        // Called by the hosted service at stop and again by the container: only the first call works.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _watcher?.Dispose();
        await _gate.WaitAsync();
        try
        {
            // Reverse dependency order: dependents stop before what they depend on.
            foreach (var slot in DependencyOrder.Sort(_slots.Values).Reverse())
            {
                await UnloadAsync(slot, CancellationToken.None);
            }
        }
        finally
        {
            _gate.Release();
        }

        _gate.Dispose();
    }

    private async void OnFolderChanged(string folderName)
    {
        try
        {
            await ReloadFolderAsync(folderName);
        }
        catch (Exception ex)
        {
            _log.LogError(ex, "Reloading plugin folder {Folder} failed", folderName);
        }
    }

    private async Task ReloadFolderAsync(string folderName)
    {
        if (folderName.StartsWith('.'))
        {
            return;
        }

        await _gate.WaitAsync();
        try
        {
            if (!_started)
            {
                return;
            }

            var folder = Path.Combine(PluginsDirectory, folderName);
            _slots.TryGetValue(folderName, out var slot);
            if (!Directory.Exists(folder))
            {
                if (slot is not null)
                {
                    await UnloadAsync(slot, CancellationToken.None);
                    SetState(slot, PluginState.Unloaded, null);
                    lock (_slots)
                    {
                        _slots.Remove(folderName);
                    }
                }

                return;
            }

            if (slot is null)
            {
                slot = new PluginSlot(folder);
                lock (_slots)
                {
                    _slots[folderName] = slot;
                }
            }
            else if (slot.FileStamp == PluginFolderStamp.Compute(folder) || slot.State == PluginState.Disabled)
            {
                return;
            }

            _log.LogInformation("Files of plugin {Folder} changed; reloading", folderName);
            await ReloadSlotAsync(slot, CancellationToken.None);
        }
        finally
        {
            _gate.Release();
        }
    }

    // Every operator action on one plugin runs alone (one life-cycle change at a time) and answers its new state.
    private async Task<PluginInfo> WithSlotAsync(string id, Func<PluginSlot, Task> action, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var slot = FindSlot(id) ?? throw new KeyNotFoundException($"No plugin '{id}'.");
            await action(slot);
            return slot.ToInfo();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ReloadSlotAsync(PluginSlot slot, CancellationToken cancellationToken)
    {
        await UnloadAsync(slot, cancellationToken);
        TryReadManifest(slot);
        await LoadOrDisableAsync(slot, cancellationToken);
    }

    private async Task LoadOrDisableAsync(PluginSlot slot, CancellationToken cancellationToken)
    {
        slot.FileStamp = PluginFolderStamp.Compute(slot.Folder);
        if (slot.ManifestError is not null)
        {
            return; // TryReadManifest already marked it failed
        }

        if (!await _persistence.IsEnabledAsync(slot.Id, cancellationToken))
        {
            SetState(slot, PluginState.Disabled, null);
            return;
        }

        await LoadAsync(slot, cancellationToken);
    }

    private void TryReadManifest(PluginSlot slot)
    {
        try
        {
            slot.Manifest = PluginManifestReader.Read(slot.Folder);
            slot.ManifestError = null;
            slot.Error = null;
        }
        catch (PluginLoadException ex)
        {
            slot.Manifest = ex.Manifest;
            slot.ManifestError = ex.Message;
            SetState(slot, PluginState.Failed, ex.Message);
        }
    }

    private async Task LoadAsync(PluginSlot slot, CancellationToken cancellationToken)
    {
        var manifest = slot.Manifest!;
        var started = _clock.GetTimestamp();
        SetState(slot, PluginState.Loading, null);
        var failure = CheckIdentity(slot, manifest);
        if (failure is null)
        {
            try
            {
                await InstantiateAndStartAsync(slot, manifest, cancellationToken);
            }
            catch (Exception ex)
            {
                failure = DescribeFailure(ex);
            }
        }

        if (failure is not null)
        {
            await DiscardFailedLoadAsync(slot);
            SetState(slot, PluginState.Failed, failure);
            return;
        }

        slot.LoadedAt = _clock.GetUtcNow();
        slot.LoadDuration = _clock.GetElapsedTime(started);
        slot.Exports = _registry.DescribeOwner(slot.Id);
        SetState(slot, PluginState.Loaded, null);
    }

    private string? CheckIdentity(PluginSlot slot, Sdk.Plugins.PluginManifest manifest)
    {
        lock (_slots)
        {
            var twin = _slots.Values.FirstOrDefault(s => !ReferenceEquals(s, slot) && s.Manifest?.Id == manifest.Id && s.State == PluginState.Loaded);
            if (twin is not null)
            {
                return $"Duplicate plugin id '{manifest.Id}': already loaded from folder '{twin.FolderName}'.";
            }

            foreach (var dependency in manifest.Dependencies)
            {
                var loaded = _slots.Values.Any(s => s.Manifest?.Id == dependency && s.State == PluginState.Loaded);
                if (!loaded)
                {
                    return $"Missing dependency: plugin '{dependency}' is not loaded.";
                }
            }
        }

        var entry = Path.Combine(slot.Folder, manifest.EntryAssembly);
        return File.Exists(entry) ? null : $"Missing entry assembly '{manifest.EntryAssembly}'.";
    }

    // Kept out of line so no local of a plugin type outlives this frame (it would pin the context during unload).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private async Task InstantiateAndStartAsync(PluginSlot slot, Sdk.Plugins.PluginManifest manifest, CancellationToken cancellationToken)
    {
        slot.Generation++;
        var entryPath = Path.Combine(slot.Folder, manifest.EntryAssembly);
        var context = new PluginLoadContext($"plugin:{manifest.Id}:{slot.Generation}", entryPath);
        slot.LoadContext = context;
        var assembly = context.LoadEntry(entryPath);
        var type = FindEntryType(assembly, manifest);
        var instance = (IPlugin)(Activator.CreateInstance(type)
            ?? throw new PluginLoadException($"Could not create '{type.FullName}'."));
        slot.Instance = instance;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.StartTimeout);
        await instance.StartAsync(CreateContext(manifest), timeout.Token);
    }

    private static Type FindEntryType(Assembly assembly, Sdk.Plugins.PluginManifest manifest)
    {
        if (manifest.EntryType is not null)
        {
            var named = assembly.GetType(manifest.EntryType, throwOnError: false);
            return named is not null && typeof(IPlugin).IsAssignableFrom(named)
                ? named
                : throw new PluginLoadException($"Entry type '{manifest.EntryType}' not found or does not implement IPlugin.");
        }

        var candidates = assembly.GetExportedTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IPlugin).IsAssignableFrom(t))
            .ToArray();
        return candidates.Length switch
        {
            1 => candidates[0],
            0 => throw new PluginLoadException($"No public IPlugin implementation in '{manifest.EntryAssembly}'."),
            _ => throw new PluginLoadException($"Several IPlugin implementations in '{manifest.EntryAssembly}'; name one in entryType."),
        };
    }

    private PluginContext CreateContext(Sdk.Plugins.PluginManifest manifest)
    {
        var dataDirectory = Path.GetFullPath(Path.Combine(_options.DataDirectory, "plugins", manifest.Id));
        Directory.CreateDirectory(dataDirectory);
        return new PluginContext(
            manifest,
            new PluginLogger(_loggers.CreateLogger("Plugin." + manifest.Id)),
            new PluginConfiguration(_configuration.GetSection("Plugins").GetSection(manifest.Id)),
            _persistence.StateStore(manifest.Id),
            _persistence.ResumeStore,
            _clock,
            _events,
            new OwnedExtensionRegistry(_registry, manifest.Id),
            dataDirectory);
    }

    private static string DescribeFailure(Exception ex) => ex switch
    {
        PluginLoadException load => load.Message,
        FileNotFoundException missing => $"Missing dependency: {missing.FileName ?? missing.Message}",
        FileLoadException bad => $"Dependency could not be loaded: {bad.FileName ?? bad.Message}",
        ReflectionTypeLoadException types => $"Missing dependency: {types.LoaderExceptions.FirstOrDefault(e => e is not null)?.Message ?? types.Message}",
        BadImageFormatException image => $"Not a valid .NET assembly: {image.Message}",
        OperationCanceledException => "Start timed out.",
        TargetInvocationException { InnerException: { } inner } => $"Threw while starting: {inner.GetType().Name}: {inner.Message}",
        _ => $"Threw while starting: {ex.GetType().Name}: {ex.Message}",
    };

    private async Task DiscardFailedLoadAsync(PluginSlot slot)
    {
        if (slot.Instance is not null)
        {
            await StopInstanceAsync(slot);
        }

        _registry.RemoveOwner(slot.Id);
        ReleaseContext(slot);
    }

    private async Task UnloadAsync(PluginSlot slot, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (slot.LoadContext is null)
        {
            return;
        }

        await StopInstanceAsync(slot);
        _registry.RemoveOwner(slot.Id);
        slot.Exports = [];
        ReleaseContext(slot);
        SetState(slot, PluginState.Unloaded, null);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private async Task StopInstanceAsync(PluginSlot slot)
    {
        var instance = slot.Instance;
        slot.Instance = null;
        if (instance is null)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(_options.StopTimeout);
            await instance.StopAsync(timeout.Token);
        }
        catch (Exception ex)
        {
            _log.LogWarning("Plugin {Id} threw while stopping: {Error}", slot.Id, ex.Message);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReleaseContext(PluginSlot slot)
    {
        var context = slot.LoadContext;
        slot.LoadContext = null;
        if (context is null)
        {
            return;
        }

        var weak = new WeakReference(context, trackResurrection: false);
        context.Unload();
        var generation = slot.Generation;
        slot.LastUnloadVerification = Task.Run(() => VerifyCollectedAsync(slot, weak, generation));
    }

    private async Task<bool> VerifyCollectedAsync(PluginSlot slot, WeakReference weak, int generation)
    {
        var started = _clock.GetTimestamp();
        while (weak.IsAlive)
        {
            if (_clock.GetElapsedTime(started) > _options.UnloadVerificationTimeout)
            {
                lock (_slots)
                {
                    slot.LeakedContexts++;
                    if (slot.State is PluginState.Unloaded or PluginState.Disabled)
                    {
                        slot.State = PluginState.Leaked;
                    }
                }

                var reason = $"Load context of generation {generation} was not collected within {_options.UnloadVerificationTimeout.TotalSeconds:0.#} s: something still references the plugin (threads, timers, static events).";
                _log.LogError("Plugin {Id} leaked: {Reason}", slot.Id, reason);
                _events.Publish(new PluginStateChanged(slot.Id, slot.Manifest?.Version, "leaked", reason) { Timestamp = _clock.GetUtcNow() });
                return false;
            }

            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.Delay(20);
        }

        return true;
    }

    private void SetState(PluginSlot slot, PluginState state, string? error)
    {
        lock (_slots)
        {
            slot.State = state;
            slot.Error = error;
        }

        if (state == PluginState.Failed)
        {
            _log.LogError("Plugin {Id} failed: {Error}", slot.Id, error);
        }
        else if (state != PluginState.Loading)
        {
            _log.LogInformation("Plugin {Id} {Version}: {State}", slot.Id, slot.Manifest?.Version, state);
        }

        if (state != PluginState.Loading)
        {
            _events.Publish(new PluginStateChanged(slot.Id, slot.Manifest?.Version, state.ToString().ToLowerInvariant(), error) { Timestamp = _clock.GetUtcNow() });
        }
    }

    private PluginSlot? FindSlot(string id) =>
        _slots.Values.FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.Ordinal))
        ?? (_slots.TryGetValue(id, out var byFolder) ? byFolder : null);

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a leftover temporary folder is harmless and never looks like a plugin (it starts with '.').
        }
    }
}
