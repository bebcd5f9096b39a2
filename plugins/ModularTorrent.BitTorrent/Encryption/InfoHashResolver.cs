using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.Encryption;

/// <summary>
/// Finds the torrent whose <c>HASH('req2', info-hash)</c> equals <paramref name="req2Hash"/> (see
/// <see cref="MseHandshake.Req2Hash"/>). An engine with many torrents keeps a dictionary keyed by that hash.
/// </summary>
public delegate bool InfoHashResolver(ReadOnlySpan<byte> req2Hash, out InfoHash infoHash);
