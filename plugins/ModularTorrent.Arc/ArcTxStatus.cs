namespace ModularTorrent.Arc;

/// <summary>ARC's transaction statuses (the <c>txStatus</c> field) and how this client classifies them.</summary>
public static class ArcTxStatus
{
    /// <summary>ARC does not know the transaction.</summary>
    public const string Unknown = "UNKNOWN";

    /// <summary>Queued for processing.</summary>
    public const string Queued = "QUEUED";

    /// <summary>Received by ARC.</summary>
    public const string Received = "RECEIVED";

    /// <summary>Stored by ARC.</summary>
    public const string Stored = "STORED";

    /// <summary>Announced to the network.</summary>
    public const string AnnouncedToNetwork = "ANNOUNCED_TO_NETWORK";

    /// <summary>Requested by the network.</summary>
    public const string RequestedByNetwork = "REQUESTED_BY_NETWORK";

    /// <summary>Sent to the network.</summary>
    public const string SentToNetwork = "SENT_TO_NETWORK";

    /// <summary>Accepted by the network.</summary>
    public const string AcceptedByNetwork = "ACCEPTED_BY_NETWORK";

    /// <summary>Seen in a node's orphan mempool: its parents are missing.</summary>
    public const string SeenInOrphanMempool = "SEEN_IN_ORPHAN_MEMPOOL";

    /// <summary>Seen in the network's mempools.</summary>
    public const string SeenOnNetwork = "SEEN_ON_NETWORK";

    /// <summary>A competing transaction spends the same outputs.</summary>
    public const string DoubleSpendAttempted = "DOUBLE_SPEND_ATTEMPTED";

    /// <summary>The network rejected the transaction.</summary>
    public const string Rejected = "REJECTED";

    /// <summary>Mined in a block that is no longer on the longest chain.</summary>
    public const string MinedInStaleBlock = "MINED_IN_STALE_BLOCK";

    /// <summary>Mined in a block on the longest chain.</summary>
    public const string Mined = "MINED";

    /// <summary>Invalid (reported by some ARC versions).</summary>
    public const string Invalid = "INVALID";

    /// <summary>Malformed (reported by some ARC versions).</summary>
    public const string Malformed = "MALFORMED";

    /// <summary>
    /// Whether <paramref name="status"/> means the broadcast failed even when it came with HTTP 200:
    /// rejected, double spend, invalid, malformed, mined in a stale block, or any orphan status.
    /// </summary>
    /// <param name="status">A <c>txStatus</c> value; comparison ignores case.</param>
    public static bool IsFailure(string? status)
    {
        if (string.IsNullOrEmpty(status))
        {
            return false;
        }

        return status.Equals(Rejected, StringComparison.OrdinalIgnoreCase)
            || status.Equals(DoubleSpendAttempted, StringComparison.OrdinalIgnoreCase)
            || status.Equals(Invalid, StringComparison.OrdinalIgnoreCase)
            || status.Equals(Malformed, StringComparison.OrdinalIgnoreCase)
            || status.Equals(MinedInStaleBlock, StringComparison.OrdinalIgnoreCase)
            || status.Contains("ORPHAN", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether ARC holds the transaction in a good state (known, not failed): a re-send of it is a success.</summary>
    /// <param name="status">A <c>txStatus</c> value.</param>
    public static bool IsAccepted(string? status) =>
        !string.IsNullOrEmpty(status) && !IsFailure(status) && !status.Equals(Unknown, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether tracking can stop: <c>MINED</c>, or a failure that does not change any more
    /// (<c>REJECTED</c>, <c>INVALID</c>, <c>MALFORMED</c>). A double spend or a stale block may still
    /// end mined, so they are followed further.
    /// </summary>
    /// <param name="status">A <c>txStatus</c> value.</param>
    public static bool IsFinal(string? status) =>
        status is not null
        && (status.Equals(Mined, StringComparison.OrdinalIgnoreCase)
            || status.Equals(Rejected, StringComparison.OrdinalIgnoreCase)
            || status.Equals(Invalid, StringComparison.OrdinalIgnoreCase)
            || status.Equals(Malformed, StringComparison.OrdinalIgnoreCase));
}
