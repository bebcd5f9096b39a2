using System.Globalization;
using ModularTorrent.Arc.Endpoints;
using ModularTorrent.Sdk.Plugins;

namespace ModularTorrent.Arc;

/// <summary>
/// Reads <see cref="ArcClientOptions"/> from a plugin's configuration section, so every payment
/// plugin configures ARC the same way:
/// <c>Arc:Endpoints:0:Name</c>, <c>Arc:Endpoints:0:Url</c>, <c>Arc:Endpoints:0:ApiKey</c>,
/// <c>Arc:Endpoints:0:Enabled</c> (then 1, 2, … in failover order), <c>Arc:TransactionsPerSecond</c>,
/// <c>Arc:Burst</c>, <c>Arc:MaxBatchSize</c>, <c>Arc:MaxConcurrentRequests</c>, <c>Arc:RequestTimeoutSeconds</c>,
/// <c>Arc:MaxAttempts</c>, <c>Arc:WaitFor</c>, <c>Arc:CallbackUrl</c>, <c>Arc:CallbackToken</c>,
/// <c>Arc:FullStatusUpdates</c>, <c>Arc:FallbackFeeRate</c> (sat/kB), <c>Arc:PollIntervalSeconds</c>.
/// </summary>
public static class ArcConfiguration
{
    /// <summary>Builds the options; a bad value is an <see cref="ArgumentException"/> naming the key.</summary>
    /// <param name="configuration">The plugin's configuration section.</param>
    /// <param name="prefix">The sub-section holding the ARC keys.</param>
    public static ArcClientOptions Read(IPluginConfiguration configuration, string prefix = "Arc")
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var p = string.IsNullOrEmpty(prefix) ? "" : prefix + ":";
        var endpoints = new List<ArcEndpointOptions>();
        for (var i = 0; configuration[$"{p}Endpoints:{i}:Url"] is { } url; i++)
        {
            var key = $"{p}Endpoints:{i}:Url";
            if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUrl))
            {
                throw new ArgumentException($"Configuration '{key}' is not an absolute URL: '{url}'.", nameof(configuration));
            }

            endpoints.Add(new ArcEndpointOptions
            {
                Name = configuration[$"{p}Endpoints:{i}:Name"] ?? baseUrl.Host,
                BaseUrl = baseUrl,
                ApiKey = configuration[$"{p}Endpoints:{i}:ApiKey"] is { Length: > 0 } apiKey ? apiKey : null,
                Enabled = Bool(configuration, $"{p}Endpoints:{i}:Enabled") ?? true,
            });
        }

        var defaults = new ArcClientOptions();
        var options = new ArcClientOptions
        {
            Endpoints = endpoints,
            TransactionsPerSecond = Number(configuration, $"{p}TransactionsPerSecond") ?? defaults.TransactionsPerSecond,
            Burst = (int?)Number(configuration, $"{p}Burst"),
            MaxBatchSize = (int?)Number(configuration, $"{p}MaxBatchSize") ?? defaults.MaxBatchSize,
            MaxConcurrentRequests = (int?)Number(configuration, $"{p}MaxConcurrentRequests") ?? defaults.MaxConcurrentRequests,
            RequestTimeout = Seconds(configuration, $"{p}RequestTimeoutSeconds") ?? defaults.RequestTimeout,
            MaxAttempts = (int?)Number(configuration, $"{p}MaxAttempts") ?? defaults.MaxAttempts,
            WaitFor = configuration[$"{p}WaitFor"],
            CallbackUrl = configuration[$"{p}CallbackUrl"] is { Length: > 0 } callback
                ? Uri.TryCreate(callback, UriKind.Absolute, out var cb) ? cb : throw new ArgumentException($"Configuration '{p}CallbackUrl' is not an absolute URL: '{callback}'.", nameof(configuration))
                : null,
            CallbackToken = configuration[$"{p}CallbackToken"],
            FullStatusUpdates = Bool(configuration, $"{p}FullStatusUpdates") ?? false,
            FallbackFeeRateSatoshisPerKb = (decimal?)Number(configuration, $"{p}FallbackFeeRate") ?? defaults.FallbackFeeRateSatoshisPerKb,
            PollInterval = Seconds(configuration, $"{p}PollIntervalSeconds") ?? defaults.PollInterval,
        };
        return options.Validate() is { } error ? throw new ArgumentException(error, nameof(configuration)) : options;
    }

    private static double? Number(IPluginConfiguration configuration, string key) =>
        configuration[key] is not { Length: > 0 } text ? null
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value
        : throw new ArgumentException($"Configuration '{key}' must be a number, not '{text}'.", nameof(configuration));

    private static TimeSpan? Seconds(IPluginConfiguration configuration, string key) =>
        Number(configuration, key) is { } seconds ? TimeSpan.FromSeconds(seconds) : null;

    private static bool? Bool(IPluginConfiguration configuration, string key) =>
        configuration[key] is not { Length: > 0 } text ? null
        : bool.TryParse(text, out var value) ? value
        : throw new ArgumentException($"Configuration '{key}' must be true or false, not '{text}'.", nameof(configuration));
}
