using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.Lsd;

/// <summary>A BEP 14 <c>BT-SEARCH</c> announce.</summary>
/// <param name="Host">The <c>Host</c> header (the multicast group and port it was sent to).</param>
/// <param name="Port">The sender's BitTorrent listen port.</param>
/// <param name="InfoHashes">The torrents announced (one or more).</param>
/// <param name="Cookie">The sender's cookie, used to recognise our own announces coming back (optional).</param>
public sealed record LsdMessage(string Host, int Port, IReadOnlyList<InfoHash> InfoHashes, string? Cookie);
