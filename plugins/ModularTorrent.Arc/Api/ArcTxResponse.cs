using System.Text.Json.Serialization;

namespace ModularTorrent.Arc.Api;

/// <summary>
/// ARC's answer about one transaction: the body of <c>POST /v1/tx</c> and <c>GET /v1/tx/{txid}</c>,
/// one element of <c>POST /v1/txs</c>, one callback, or an error (then <see cref="Status"/> is 460..475
/// and <see cref="Title"/>/<see cref="Detail"/> say why).
/// </summary>
public sealed record ArcTxResponse
{
    /// <summary>The transaction id, hex.</summary>
    [JsonPropertyName("txid")]
    public string? Txid { get; init; }

    /// <summary>The transaction's status, e.g. <c>SEEN_ON_NETWORK</c>; see <see cref="ArcTxStatus"/>.</summary>
    [JsonPropertyName("txStatus")]
    public string? TxStatus { get; init; }

    /// <summary>The HTTP-like status inside the body: 200, or an error code 460..475.</summary>
    [JsonPropertyName("status")]
    public int? Status { get; init; }

    /// <summary>A short title, e.g. <c>Fee too low</c>.</summary>
    [JsonPropertyName("title")]
    public string? Title { get; init; }

    /// <summary>A longer explanation of an error.</summary>
    [JsonPropertyName("detail")]
    public string? Detail { get; init; }

    /// <summary>Extra text from ARC or the node.</summary>
    [JsonPropertyName("extraInfo")]
    public string? ExtraInfo { get; init; }

    /// <summary>The block hash once mined.</summary>
    [JsonPropertyName("blockHash")]
    public string? BlockHash { get; init; }

    /// <summary>The block height once mined.</summary>
    [JsonPropertyName("blockHeight")]
    public long? BlockHeight { get; init; }

    /// <summary>The BUMP (BRC-74) merkle path once mined, hex.</summary>
    [JsonPropertyName("merklePath")]
    public string? MerklePath { get; init; }

    /// <summary>Transactions competing for the same outputs (with <c>DOUBLE_SPEND_ATTEMPTED</c>).</summary>
    [JsonPropertyName("competingTxs")]
    public IReadOnlyList<string>? CompetingTxs { get; init; }

    /// <summary>When ARC produced the answer.</summary>
    [JsonPropertyName("timestamp")]
    public DateTimeOffset? Timestamp { get; init; }
}
