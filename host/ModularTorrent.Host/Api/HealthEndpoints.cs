using ModularTorrent.Runtime.Plugins;

namespace ModularTorrent.Host.Api;

/// <summary><c>/health</c>: liveness plus a count of plugins by state.</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", (PluginManager plugins) =>
            {
                var counts = plugins.List()
                    .GroupBy(p => p.State.ToString().ToLowerInvariant())
                    .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
                return TypedResults.Ok(new HealthReport("healthy", Environment.ProcessId, counts));
            })
            .WithTags("Health")
            .WithName("Health");
        return app;
    }

    /// <summary>The health answer.</summary>
    /// <param name="Status">Always <c>healthy</c> while the host answers.</param>
    /// <param name="ProcessId">The host's process id (stays the same across plugin reloads).</param>
    /// <param name="Plugins">Plugin counts by state.</param>
    internal sealed record HealthReport(string Status, int ProcessId, IReadOnlyDictionary<string, int> Plugins);
}
