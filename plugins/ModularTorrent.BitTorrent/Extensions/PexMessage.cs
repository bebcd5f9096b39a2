namespace ModularTorrent.BitTorrent.Extensions;

/// <summary>A decoded ut_pex message: peers that connected and disconnected since the sender's previous message.</summary>
/// <param name="Added">IPv4 and IPv6 peers added (from <c>added</c>/<c>added6</c> with their flags).</param>
/// <param name="Dropped">Peers dropped (from <c>dropped</c>/<c>dropped6</c>; flags are <see cref="PexFlags.None"/>).</param>
public sealed record PexMessage(IReadOnlyList<PexPeer> Added, IReadOnlyList<PexPeer> Dropped);
