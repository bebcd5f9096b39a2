using System.Net;
using ModularTorrent.BitTorrent.Engine;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.Torrents;

namespace ModularTorrent.Cli;

/// <summary>What <c>get</c> and <c>seed</c> share: load the torrent, resolve peers, start the engine, stop it cleanly.</summary>
public sealed class TransferSession : IAsyncDisposable
{
    // A clean stop saves state and says goodbye to peers and trackers; it must not hang the exit.
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _http;
    private readonly BitTorrentEngine _engine;

    private TransferSession(HttpClient http, BitTorrentEngine engine, TorrentMetainfo metainfo, Torrent torrent)
    {
        _http = http;
        _engine = engine;
        Metainfo = metainfo;
        Torrent = torrent;
    }

    /// <summary>The torrent.</summary>
    public TorrentMetainfo Metainfo { get; }

    /// <summary>The running torrent.</summary>
    public Torrent Torrent { get; }

    /// <summary>The port the engine listens on.</summary>
    public int ListenPort => _engine.ListenPort;

    /// <summary>Loads the torrent and starts it in <paramref name="directory"/>.</summary>
    /// <param name="arguments">The command's arguments.</param>
    /// <param name="directory">The full path of the data folder (must exist).</param>
    /// <param name="environment">Console and clock.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The session.</returns>
    /// <exception cref="CliException">Bad source, peer or port.</exception>
    public static async Task<TransferSession> StartAsync(TransferArguments arguments, string directory, CliEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(environment);
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        BitTorrentEngine? engine = null;
        try
        {
            var metainfo = await TorrentSourceLoader.LoadAsync(arguments.Source, http, cancellationToken);
            var peers = new List<IPEndPoint>();
            foreach (var peer in arguments.Peers)
            {
                peers.Add(await PeerEndPointParser.ParseAsync(peer, cancellationToken));
            }

            engine = await EngineHost.StartAsync(arguments.Port, environment, arguments.Verbose, http, cancellationToken);
            var torrent = await engine.AddAsync(metainfo, new TorrentOptions(directory) { Peers = peers }, cancellationToken);
            return new TransferSession(http, engine, metainfo, torrent);
        }
        catch
        {
            if (engine is not null)
            {
                await engine.DisposeAsync();
            }

            http.Dispose();
            throw;
        }
    }

    /// <summary>Stops the engine cleanly (bounded), then releases everything.</summary>
    public async ValueTask DisposeAsync()
    {
        using (var bound = new CancellationTokenSource(StopTimeout))
        {
            try
            {
                await _engine.StopAsync(bound.Token).WaitAsync(bound.Token);
            }
            catch (OperationCanceledException)
            {
                // Fall through to the abrupt stop below.
            }
        }

        await _engine.DisposeAsync();
        _http.Dispose();
    }
}
