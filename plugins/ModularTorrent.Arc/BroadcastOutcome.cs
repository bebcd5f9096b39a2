namespace ModularTorrent.Arc;

/// <summary>How a broadcast ended.</summary>
public enum BroadcastOutcome
{
    /// <summary>ARC accepted the transaction (<see cref="BroadcastResult.TxStatus"/> says how far it got).</summary>
    Accepted = 1,

    /// <summary>ARC already knew the transaction in a good state: a re-send, counted as a success.</summary>
    AlreadyKnown = 2,

    /// <summary>ARC refused the fee (465, 473); the policy was read again and the current rate is in the result. Not retried.</summary>
    FeeTooLow = 3,

    /// <summary>ARC refused the transaction (an error 460..475, or HTTP 200 with a failure status such as <c>REJECTED</c>). Not retried.</summary>
    Rejected = 4,

    /// <summary>No endpoint gave a usable answer within the retry budget; the transaction stays in the outbox.</summary>
    Unreachable = 5,
}
