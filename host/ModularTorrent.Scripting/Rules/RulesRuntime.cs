using ModularTorrent.Scripting.Sandbox;
using ModularTorrent.Sdk.Events;

namespace ModularTorrent.Scripting.Rules;

/// <summary>
/// Start-up and shutdown of the rules module, for the host's hosted service to call: warms the sandbox up,
/// installs the shipped defaults on first start, then loads and watches the rules folder (when one is configured).
/// </summary>
public sealed class RulesRuntime : IAsyncDisposable
{
    private readonly RulesService service;
    private readonly ScriptSandbox sandbox;
    private readonly IEventSink events;
    private readonly string? folder;
    private readonly TimeProvider time;

    /// <summary>Creates the runtime; nothing happens before <see cref="StartAsync"/>.</summary>
    /// <param name="service">The rules service.</param>
    /// <param name="sandbox">Its sandbox.</param>
    /// <param name="events">Where rule-file refusals are reported.</param>
    /// <param name="folder">The rules folder to load and watch, or null for none.</param>
    /// <param name="time">The clock.</param>
    public RulesRuntime(RulesService service, ScriptSandbox sandbox, IEventSink events, string? folder, TimeProvider? time = null)
    {
        this.service = service ?? throw new ArgumentNullException(nameof(service));
        this.sandbox = sandbox ?? throw new ArgumentNullException(nameof(sandbox));
        this.events = events ?? throw new ArgumentNullException(nameof(events));
        this.folder = folder;
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>The folder watcher, once started with a folder.</summary>
    public RulesFolderWatcher? Watcher { get; private set; }

    /// <summary>Warms up, installs defaults, loads and watches the folder.</summary>
    /// <param name="cancellationToken">Cancels start-up.</param>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await sandbox.WarmUpAsync(cancellationToken);
        await service.InstallDefaultsAsync(cancellationToken);
        if (!string.IsNullOrWhiteSpace(folder))
        {
            Watcher = new RulesFolderWatcher(service, folder, events, time);
            await Watcher.StartAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // Idempotent: the host's hosted service and its container may both dispose it.
        if (Watcher is not null)
        {
            await Watcher.DisposeAsync();
        }
    }
}
