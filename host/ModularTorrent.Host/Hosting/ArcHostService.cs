using ModularTorrent.Arc;
using ModularTorrent.Arc.Outbox;
using ModularTorrent.Runtime.Events;
using ModularTorrent.Runtime.Plugins;
using ModularTorrent.Storage;

namespace ModularTorrent.Host.Hosting;

/// <summary>
/// The host's ARC broadcaster: configured from the <c>Arc</c> section (endpoints may also be added at
/// run time), its outbox in the host's database, started with the host and stopped with it.
/// </summary>
internal sealed class ArcHostService(ArcBroadcaster broadcaster) : IHostedService
{
    public static ArcBroadcaster Create(IServiceProvider services, IConfiguration configuration, IDbConnectionFactory database)
    {
        var clock = services.GetRequiredService<TimeProvider>();
        var options = ArcConfiguration.Read(new PluginConfiguration(configuration.GetSection("Arc")), prefix: string.Empty);
        return new ArcBroadcaster(
            options,
            clock,
            services.GetRequiredService<EventHub>(),
            new SqlArcOutbox(database, clock),
            new PluginLogger(services.GetRequiredService<ILoggerFactory>().CreateLogger("Arc")));
    }

    public Task StartAsync(CancellationToken cancellationToken) => broadcaster.StartAsync(cancellationToken);

    // Dispose (idempotent) rather than stop: the container disposes it again afterwards.
    public async Task StopAsync(CancellationToken cancellationToken) => await broadcaster.DisposeAsync();
}
