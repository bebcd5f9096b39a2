using System.Text.Json.Serialization;

namespace ModularTorrent.Arc.Api;

/// <summary>The body of <c>GET /v1/health</c>.</summary>
public sealed record ArcHealth
{
    /// <summary>Whether ARC reports itself healthy.</summary>
    [JsonPropertyName("healthy")]
    public bool Healthy { get; init; }

    /// <summary>Why it is not healthy, when it is not.</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    /// <summary>ARC's version.</summary>
    [JsonPropertyName("version")]
    public string? Version { get; init; }
}
