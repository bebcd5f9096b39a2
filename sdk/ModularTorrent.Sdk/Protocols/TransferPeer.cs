namespace ModularTorrent.Sdk.Protocols;

/// <summary>One connected peer.</summary>
/// <param name="Endpoint">Its address, <c>host:port</c>.</param>
/// <param name="Client">Its client name, when known.</param>
/// <param name="Progress">Its fraction of the pieces, 0 to 1.</param>
/// <param name="DownloadRate">Bytes per second we receive from it.</param>
/// <param name="UploadRate">Bytes per second we send to it.</param>
/// <param name="Flags">Short state flags: <c>I</c> incoming, <c>E</c> encrypted, <c>c</c> we choke it, <c>C</c> it chokes us, <c>S</c> snubbed, <c>W</c> web seed.</param>
public sealed record TransferPeer(string Endpoint, string? Client, double Progress, long DownloadRate, long UploadRate, string Flags);
