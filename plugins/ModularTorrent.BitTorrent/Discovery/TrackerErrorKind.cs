namespace ModularTorrent.BitTorrent.Discovery;

/// <summary>Why a tracker request failed.</summary>
public enum TrackerErrorKind
{
    /// <summary>The tracker refused the request and said why (HTTP <c>failure reason</c>, UDP error action).</summary>
    Refused,

    /// <summary>The tracker did not answer in time.</summary>
    Timeout,

    /// <summary>The answer broke the protocol: bad bencode, a short datagram, a wrong action, a missing field.</summary>
    Malformed,

    /// <summary>The tracker could not be reached or the HTTP status was not a success.</summary>
    Transport,

    /// <summary>The request is not possible with this tracker (unknown scheme, no scrape URL).</summary>
    Unsupported,
}
