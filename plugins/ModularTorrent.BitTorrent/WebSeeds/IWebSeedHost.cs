namespace ModularTorrent.BitTorrent.WebSeeds;

/// <summary>
/// What a torrent provides so a <see cref="WebSeedPeer"/> can feed it verified pieces alongside its peers.
/// <see cref="WebSeedPeer.RunAsync"/> calls these from one task per web seed.
/// </summary>
public interface IWebSeedHost
{
    /// <summary>
    /// Picks a piece for <paramref name="seed"/> or returns -1 for none right now. Under the torrent lock: call
    /// <see cref="WebSeedScheduler.Pick"/> with the picker's wanted set, in-progress set and availability, and mark
    /// the piece in progress so peers do not request it.
    /// </summary>
    int ReservePiece(WebSeedPeer seed);

    /// <summary>
    /// Called after a piece is reserved and before it is fetched: wait here for the download rate limit
    /// (the torrent's and the engine's token buckets) for <paramref name="bytes"/>, the piece length.
    /// </summary>
    ValueTask ThrottleAsync(WebSeedPeer seed, int bytes, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a piece that already passed its SHA-1 (<paramref name="data"/> is the whole piece; it is valid only
    /// during the call): write it at <c>piece × piece length</c>, mark it had, announce HAVE to peers.
    /// </summary>
    ValueTask StoreVerifiedPieceAsync(WebSeedPeer seed, int piece, ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>
    /// The piece reserved for <paramref name="seed"/> did not arrive (failed, wrong data, cancelled, or storing threw):
    /// clear its in-progress mark so peers or another seed can fetch it. <paramref name="result"/> says why (for logs and events).
    /// </summary>
    void ReleasePiece(WebSeedPeer seed, WebSeedResult result);

    /// <summary>The seed was dropped for good; <see cref="WebSeedPeer.RunAsync"/> returns right after.</summary>
    void OnDropped(WebSeedPeer seed, string reason);
}
