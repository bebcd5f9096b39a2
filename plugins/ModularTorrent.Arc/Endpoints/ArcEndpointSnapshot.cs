using ModularTorrent.Arc.Resilience;

namespace ModularTorrent.Arc.Endpoints;

/// <summary>What an admin sees of one endpoint. The API key itself is never exposed.</summary>
/// <param name="Name">The endpoint's unique name.</param>
/// <param name="BaseUrl">Its base URL.</param>
/// <param name="Order">Its place in the failover order, 0 = primary.</param>
/// <param name="Enabled">Whether it takes traffic.</param>
/// <param name="HasApiKey">Whether a key is configured.</param>
/// <param name="Breaker">The circuit breaker's state.</param>
/// <param name="Successes">Requests that got a usable answer.</param>
/// <param name="Failures">Requests that failed (transport errors, timeouts, 5xx, 401/403, 429).</param>
/// <param name="LatencyP50Ms">The median latency of recent requests, ms, or <see langword="null"/> before the first.</param>
/// <param name="LatencyP99Ms">The 99th-percentile latency of recent requests, ms, or <see langword="null"/> before the first.</param>
public sealed record ArcEndpointSnapshot(
    string Name,
    Uri BaseUrl,
    int Order,
    bool Enabled,
    bool HasApiKey,
    CircuitState Breaker,
    long Successes,
    long Failures,
    double? LatencyP50Ms,
    double? LatencyP99Ms);
