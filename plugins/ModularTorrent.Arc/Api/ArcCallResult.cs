namespace ModularTorrent.Arc.Api;

/// <summary>What one HTTP exchange with an endpoint gave: the status code and the parsed transaction answers.</summary>
/// <param name="HttpStatus">The HTTP status code.</param>
/// <param name="Items">The parsed answers: one for <c>/v1/tx</c>, several for <c>/v1/txs</c>, none when the body was not ARC JSON.</param>
/// <param name="Latency">How long the exchange took.</param>
internal sealed record ArcCallResult(int HttpStatus, IReadOnlyList<ArcTxResponse> Items, TimeSpan Latency);
