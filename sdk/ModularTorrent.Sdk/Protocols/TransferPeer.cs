namespace ModularTorrent.Sdk.Protocols;

/// <summary>One connected peer.</summary>
/// <param name="Endpoint">Its address, <c>host:port</c>.</param>
/// <param name="Client">Its client name, when known.</param>
/// <param name="Progress">Its fraction of the pieces, 0 to 1.</param>
/// <param name="DownloadRate">Bytes per second we receive from it.</param>
/// <param name="UploadRate">Bytes per second we send to it.</param>
/// <param name="Flags">
/// Short state flags, one letter each (qBittorrent's where it has one): <c>D</c> we download from it (interested, it
/// unchokes us), <c>d</c> we are interested but it chokes us, <c>U</c> we upload to it, <c>u</c> it is interested but
/// we choke it, <c>I</c> it connected to us, <c>O</c> optimistic unchoke, <c>S</c> snubbed, <c>E</c> RC4-encrypted,
/// <c>e</c> obfuscated handshake with plaintext payload, <c>H</c> found through the DHT, <c>X</c> through peer
/// exchange, <c>L</c> through local service discovery, <c>F</c> supports the fast extension. Handlers without a letter's
/// notion leave it out.
/// </param>
public sealed record TransferPeer(string Endpoint, string? Client, double Progress, long DownloadRate, long UploadRate, string Flags);
