using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.Encryption;

/// <summary>The outcome of a successful handshake.</summary>
/// <param name="Stream">
/// The stream to run the BitTorrent protocol on: decrypts reads and encrypts writes for RC4, and replays any bytes
/// the handshake read ahead (a plain handshake's first bytes, the initiator's IA). Disposing it disposes the inner stream.
/// </param>
/// <param name="Method">RC4 or plaintext.</param>
/// <param name="InfoHash">
/// The torrent: for outgoing handshakes the one given; for incoming MSE handshakes the one found from the req2 hash;
/// <c>default</c> for an incoming plain handshake (read it from the BitTorrent handshake on <paramref name="Stream"/>).
/// </param>
/// <param name="Encrypted">True when the MSE handshake ran (even if it then selected plaintext).</param>
public sealed record MseResult(Stream Stream, CryptoMethod Method, InfoHash InfoHash, bool Encrypted);
