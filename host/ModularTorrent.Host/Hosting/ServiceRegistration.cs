using System.Text.Json;
using System.Text.Json.Serialization;
using ModularTorrent.Host.Realtime;
using ModularTorrent.Host.Security;
using ModularTorrent.Runtime.Transfers;
using ModularTorrent.Runtime.Events;
using ModularTorrent.Runtime.Plugins;
using ModularTorrent.Sdk.Events;
using ModularTorrent.Storage;

namespace ModularTorrent.Host.Hosting;

/// <summary>The host's services, in one place so Program.cs reads as a table of contents.</summary>
internal static class ServiceRegistration
{
    public static IServiceCollection AddModularTorrent(this IServiceCollection services, IConfiguration configuration, HostPaths paths, IDbConnectionFactory database)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(paths);
        services.AddSingleton(database);
        services.AddSingleton<EventHub>();
        services.AddSingleton<IEventSink>(sp => sp.GetRequiredService<EventHub>());
        services.AddSingleton<ExtensionRegistry>();
        services.AddSingleton<IPluginPersistence>(sp => new DatabasePluginPersistence(database, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp =>
        {
            var options = new PluginManagerOptions();
            configuration.GetSection("PluginHost").Bind(options);
            options.PluginsDirectory = paths.PluginsDirectory;
            options.DataDirectory = paths.DataDirectory;
            return new PluginManager(
                options,
                sp.GetRequiredService<ExtensionRegistry>(),
                sp.GetRequiredService<EventHub>(),
                sp.GetRequiredService<IPluginPersistence>(),
                sp.GetRequiredService<ILoggerFactory>(),
                configuration,
                sp.GetRequiredService<TimeProvider>());
        });
        RulesHostService.Register(services, configuration, paths, database);
        services.AddHostedService<PluginHostService>();

        services.AddSingleton(new TorrentRepository(database));
        services.AddSingleton(sp =>
        {
            var options = new TransferServiceOptions { DefaultSavePath = Path.Combine(paths.DataDirectory, "downloads") };
            configuration.GetSection("Transfers").Bind(options);
            return options;
        });
        services.AddSingleton(_ => new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan });
        services.AddSingleton<TransferService>();
        services.AddHostedService<TransferHostService>();
        services.AddSingleton<ISnapshotSource, TorrentSnapshotSource>();
        services.AddSingleton<TorrentResourceCache>();
        services.AddHostedService<TorrentDeltaPublisher>();

        services.AddSingleton(sp => ArcHostService.Create(sp, configuration, database));
        services.AddHostedService<ArcHostService>();

        services.Configure<SecurityOptions>(configuration.GetSection("Security"));
        services.AddSingleton<ApiKeyStore>();
        services.AddHostedService<InitialAdminKey>();

        services.AddProblemDetails();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });
        return services;
    }
}
