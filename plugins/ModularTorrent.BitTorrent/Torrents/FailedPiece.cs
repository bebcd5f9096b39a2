using ModularTorrent.BitTorrent.Peers;

namespace ModularTorrent.BitTorrent.Torrents;

/// <summary>
/// What a piece looked like when it failed its hash: each block's SHA-1 and who sent it. When the piece
/// later passes, blocks whose hash differs identify the peers that sent bad data (libtorrent's "smart ban").
/// </summary>
internal sealed record FailedPiece(byte[][] BlockHashes, PeerConnection?[] Sources);
