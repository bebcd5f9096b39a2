using System.Net;
using ModularTorrent.BitTorrent.Encryption;

namespace ModularTorrent.Cli;

/// <summary>The parsed arguments of <c>mt get</c> and <c>mt seed</c>.</summary>
/// <param name="Source">The .torrent path or URL, or (get) a magnet link.</param>
/// <param name="Directory">Where the files are (seed) or go (get).</param>
/// <param name="Port">The TCP port for incoming peers (and the DHT's UDP port); 0 picks a free one.</param>
/// <param name="Peers">Peers to connect to, as given (HOST:PORT).</param>
/// <param name="MaxTime">Stop after this long; null waits indefinitely.</param>
/// <param name="Verbose">Log engine detail to standard error.</param>
/// <param name="Dht">Run a DHT node (BEP 5); implied by <paramref name="DhtBootstrap"/>.</param>
/// <param name="DhtBootstrap">DHT nodes to join through, as given (HOST:PORT).</param>
/// <param name="Lsd">Run local service discovery (BEP 14); implied by <paramref name="LsdInterface"/>.</param>
/// <param name="LsdInterface">The address of the interface to multicast on; null lets the system choose.</param>
/// <param name="DhtState">The file that keeps the DHT routing table between runs (turns the DHT on); null keeps none.</param>
/// <param name="Encryption">Message stream encryption for incoming and outgoing connections.</param>
public sealed record TransferArguments(
    string Source,
    string Directory,
    int Port,
    IReadOnlyList<string> Peers,
    TimeSpan? MaxTime,
    bool Verbose,
    bool Dht,
    IReadOnlyList<string> DhtBootstrap,
    bool Lsd = false,
    IPAddress? LsdInterface = null,
    string? DhtState = null,
    EncryptionMode Encryption = EncryptionMode.Enabled)
{
    /// <summary>Whether the DHT is on: asked for with <c>--dht</c>, or implied by a bootstrap node or a state file.</summary>
    public bool DhtEnabled => Dht || DhtBootstrap.Count > 0 || DhtState is not null;

    /// <summary>Whether local service discovery is on: asked for with <c>--lsd</c>, or implied by <c>--lsd-interface</c>.</summary>
    public bool LsdEnabled => Lsd || LsdInterface is not null;
}
