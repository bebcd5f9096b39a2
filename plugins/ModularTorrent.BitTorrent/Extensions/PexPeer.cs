using System.Net;

namespace ModularTorrent.BitTorrent.Extensions;

/// <summary>A peer in a PEX message.</summary>
/// <param name="EndPoint">Its listen address.</param>
/// <param name="Flags">What the sender knows about it (added peers only).</param>
public readonly record struct PexPeer(IPEndPoint EndPoint, PexFlags Flags = PexFlags.None);
