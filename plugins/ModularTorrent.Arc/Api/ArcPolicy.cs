namespace ModularTorrent.Arc.Api;

/// <summary>The parts of <c>GET /v1/policy</c> the client uses.</summary>
/// <param name="FeeRateSatoshisPerKb">The mining fee in satoshis per 1000 bytes, or <see langword="null"/> when absent.</param>
/// <param name="MaxTxSizePolicy">The largest transaction accepted, bytes, when given.</param>
/// <param name="MaxScriptSizePolicy">The largest script accepted, bytes, when given.</param>
public sealed record ArcPolicy(decimal? FeeRateSatoshisPerKb, long? MaxTxSizePolicy, long? MaxScriptSizePolicy);
