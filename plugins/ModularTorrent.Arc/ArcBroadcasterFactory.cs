using ModularTorrent.Arc.Outbox;
using ModularTorrent.Sdk.Plugins;
using ModularTorrent.Storage;

namespace ModularTorrent.Arc;

/// <summary>
/// Wires a broadcaster for a plugin: options from the plugin's configuration (see
/// <see cref="ArcConfiguration"/>), the plugin's clock, events and logger, and an outbox.
/// </summary>
public static class ArcBroadcasterFactory
{
    /// <summary>
    /// Creates a broadcaster (not started). The outbox is <paramref name="outboxDatabase"/> when given;
    /// otherwise <c>{prefix}:Outbox</c> decides: <c>sqlite</c> (the default) keeps it in a SQLite file
    /// under the plugin's data folder (<c>arc/</c>), <c>none</c> keeps no outbox (a crash loses queued transactions).
    /// </summary>
    /// <param name="context">The plugin's context.</param>
    /// <param name="prefix">The configuration sub-section with the ARC keys.</param>
    /// <param name="outboxDatabase">A database with <see cref="ArcMigrations"/> applied, e.g. the host's.</param>
    /// <param name="cancellationToken">Cancels the set-up.</param>
    /// <exception cref="ArgumentException">A configuration value is invalid; the message names the key.</exception>
    /// <exception cref="StorageStartupException">The SQLite outbox could not be opened or migrated.</exception>
    public static async Task<ArcBroadcaster> CreateAsync(
        IPluginContext context,
        string prefix = "Arc",
        IDbConnectionFactory? outboxDatabase = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = ArcConfiguration.Read(context.Configuration, prefix);
        var mode = context.Configuration[string.IsNullOrEmpty(prefix) ? "Outbox" : prefix + ":Outbox"] ?? "sqlite";
        IArcOutbox? outbox = null;
        if (outboxDatabase is not null)
        {
            outbox = new SqlArcOutbox(outboxDatabase, context.Clock);
        }
        else if (mode.Equals("sqlite", StringComparison.OrdinalIgnoreCase))
        {
            var folder = Path.Combine(context.DataDirectory, "arc");
            var database = await StorageBootstrap.InitializeAsync(new StorageOptions { DataDirectory = folder }, [new ArcMigrations()], cancellationToken).ConfigureAwait(false);
            outbox = new SqlArcOutbox(database, context.Clock);
        }
        else if (!mode.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"Configuration '{prefix}:Outbox' must be 'sqlite' or 'none', not '{mode}'.", nameof(context));
        }

        return new ArcBroadcaster(options, context.Clock, context.Events, outbox, context.Logger);
    }
}
