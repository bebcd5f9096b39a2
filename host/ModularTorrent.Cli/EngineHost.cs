using System.Net;
using ModularTorrent.BitTorrent.Dht;
using ModularTorrent.BitTorrent.Encryption;
using ModularTorrent.BitTorrent.Engine;
using ModularTorrent.BitTorrent.Lsd;
using ModularTorrent.Runtime.Plugins;
using ModularTorrent.Sdk.Pieces;
using ModularTorrent.Sdk.Plugins;
using ModularTorrent.Selection;

namespace ModularTorrent.Cli;

/// <summary>Builds a <see cref="BitTorrentEngine"/> for one CLI run, with the selection policies registered as the host would.</summary>
public static class EngineHost
{
    /// <summary>Creates and starts an engine listening on <paramref name="port"/>.</summary>
    /// <param name="port">The TCP port for incoming peers; 0 picks a free one.</param>
    /// <param name="dht">The DHT node's settings (UDP on the same port), or null for no DHT.</param>
    /// <param name="lsd">Local service discovery's settings, or null for none.</param>
    /// <param name="state">Where the engine keeps its DHT routing table between runs, or null for nowhere.</param>
    /// <param name="encryption">Message stream encryption for every connection.</param>
    /// <param name="environment">Console and clock.</param>
    /// <param name="verbose">Log engine detail to standard error.</param>
    /// <param name="http">For trackers (not owned).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The started engine.</returns>
    /// <exception cref="CliException">The port cannot be bound.</exception>
    public static async Task<BitTorrentEngine> StartAsync(
        int port, DhtSettings? dht, LsdSettings? lsd, IPluginStateStore? state, EncryptionMode encryption, CliEnvironment environment, bool verbose, HttpClient http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var registry = new ExtensionRegistry();
        registry.Register<IPieceSelectionPolicy>(new RarestFirstPolicy());
        registry.Register<IPieceSelectionPolicy>(new SequentialPolicy());
        registry.Register<IPieceSelectionPolicy>(new PriorityPolicy());
        var engine = new BitTorrentEngine(
            new EngineSettings
            {
                ListenAddress = IPAddress.Any,
                ListenPort = port,
                Dht = dht,
                Lsd = lsd,
                Encryption = MseSettings.For(encryption),
            },
            new EngineServices
            {
                Clock = environment.Clock,
                Logger = new ConsoleLogger(environment.Error, verbose, environment.Clock),
                Extensions = registry,
                Http = http,
                State = state,
            });
        try
        {
            await engine.StartAsync(cancellationToken);
            return engine;
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            await engine.DisposeAsync();
            var what = dht is null ? "TCP" : "TCP and UDP (DHT)";
            throw new CliException(ExitCodes.InvalidInput, $"Cannot listen on port {port} ({what}): {ex.Message}");
        }
    }
}
