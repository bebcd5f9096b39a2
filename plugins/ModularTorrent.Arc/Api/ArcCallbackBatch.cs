using System.Text.Json.Serialization;

namespace ModularTorrent.Arc.Api;

/// <summary>A batched ARC callback: <c>{"count": n, "callbacks": [...]}</c>.</summary>
public sealed record ArcCallbackBatch
{
    /// <summary>How many callbacks the batch says it holds.</summary>
    [JsonPropertyName("count")]
    public int Count { get; init; }

    /// <summary>The callbacks.</summary>
    [JsonPropertyName("callbacks")]
    public IReadOnlyList<ArcTxResponse>? Callbacks { get; init; }
}
