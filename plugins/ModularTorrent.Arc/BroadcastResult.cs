namespace ModularTorrent.Arc;

/// <summary>The end of one broadcast.</summary>
/// <param name="Txid">The transaction id.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="TxStatus">ARC's <c>txStatus</c>, when it gave one.</param>
/// <param name="Endpoint">The endpoint that answered last, when any did.</param>
/// <param name="ErrorCode">ARC's error code (460..475) or the HTTP status of a failure.</param>
/// <param name="Detail">A readable reason for a failure.</param>
/// <param name="FeeRateSatoshisPerKb">With <see cref="BroadcastOutcome.FeeTooLow"/>: the fee rate now in force.</param>
public sealed record BroadcastResult(
    string Txid,
    BroadcastOutcome Outcome,
    string? TxStatus = null,
    string? Endpoint = null,
    int? ErrorCode = null,
    string? Detail = null,
    decimal? FeeRateSatoshisPerKb = null)
{
    /// <summary>Whether ARC holds the transaction: <see cref="BroadcastOutcome.Accepted"/> or <see cref="BroadcastOutcome.AlreadyKnown"/>.</summary>
    public bool IsSuccess => Outcome is BroadcastOutcome.Accepted or BroadcastOutcome.AlreadyKnown;
}
