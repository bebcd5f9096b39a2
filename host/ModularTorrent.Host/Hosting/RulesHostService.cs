using ModularTorrent.Runtime.Events;
using ModularTorrent.Runtime.Plugins;
using ModularTorrent.Scripting.Rules;
using ModularTorrent.Scripting.Sandbox;
using ModularTorrent.Sdk.Incentives;
using ModularTorrent.Storage;

namespace ModularTorrent.Host.Hosting;

/// <summary>
/// The incentive rules: the sandbox, the versioned rules in the database (defaults installed on
/// first start), the watched rules folder, and <see cref="IIncentiveRules"/> registered for plugins.
/// Starts before the plugins so a plugin can evaluate rules while it starts.
/// </summary>
internal sealed class RulesHostService(RulesRuntime runtime) : IHostedService
{
    public static void Register(IServiceCollection services, IConfiguration configuration, HostPaths paths, IDbConnectionFactory database)
    {
        services.AddSingleton(_ => new ScriptSandbox());
        services.AddSingleton(sp =>
        {
            var rules = new RulesService(database, sp.GetRequiredService<ScriptSandbox>(), sp.GetRequiredService<EventHub>(), sp.GetRequiredService<TimeProvider>());
            sp.GetRequiredService<ExtensionRegistry>().Register<IIncentiveRules>(rules);
            return rules;
        });
        services.AddSingleton(sp =>
        {
            var folder = configuration["Rules:Directory"] is { Length: > 0 } configured
                ? Path.GetFullPath(Path.IsPathRooted(configured) ? configured : Path.Combine(paths.ContentRoot, configured))
                : null;
            if (folder is not null)
            {
                Directory.CreateDirectory(folder);
            }

            return new RulesRuntime(sp.GetRequiredService<RulesService>(), sp.GetRequiredService<ScriptSandbox>(), sp.GetRequiredService<EventHub>(), folder, sp.GetRequiredService<TimeProvider>());
        });
        services.AddHostedService<RulesHostService>();
    }

    public Task StartAsync(CancellationToken cancellationToken) => runtime.StartAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken) => await runtime.DisposeAsync();
}
