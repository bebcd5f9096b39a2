using ModularTorrent.Arc.Outbox;
using ModularTorrent.Host.Security;
using ModularTorrent.Scripting.Rules;
using ModularTorrent.Storage;

namespace ModularTorrent.Host.Hosting;

/// <summary>Opens the database and applies every module's migrations before anything else starts.</summary>
internal static class StorageStartup
{
    /// <summary>The migrations of every module the host composes.</summary>
    public static IReadOnlyList<IMigrationSource> Migrations() => [new CoreMigrations(), new ApiKeyMigrations(), new ArcMigrations(), new RulesMigrations()];

    public static Task<IDbConnectionFactory> InitializeAsync(IConfiguration configuration, HostPaths paths, CancellationToken cancellationToken)
    {
        var options = StorageOptions.FromKeyValues(configuration.AsEnumerable());
        options.DataDirectory ??= paths.DataDirectory;
        return StorageBootstrap.InitializeAsync(options, Migrations(), cancellationToken);
    }
}
