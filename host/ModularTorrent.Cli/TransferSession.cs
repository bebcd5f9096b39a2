using System.Net;
using ModularTorrent.BitTorrent.Dht;
using ModularTorrent.BitTorrent.Engine;
using ModularTorrent.BitTorrent.Lsd;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.Torrents;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.Cli;

/// <summary>
/// What <c>get</c> and <c>seed</c> share: read the source, resolve peers and DHT nodes, start the engine (with the DHT
/// and local service discovery when asked for), add the torrent
/// (or, for a magnet link, fetch its metadata first), stop it all cleanly.
/// </summary>
public sealed class TransferSession : IAsyncDisposable
{
    // A clean stop saves state and says goodbye to peers and trackers; it must not hang the exit.
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _http;
    private readonly BitTorrentEngine _engine;
    private readonly TorrentOptions _options;
    private readonly IReadOnlyList<string> _dhtBootstrap;
    private readonly DhtTableFile? _dhtState;
    private Torrent? _torrent;

    private TransferSession(
        HttpClient http, BitTorrentEngine engine, TorrentOptions options, IReadOnlyList<string> dhtBootstrap, DhtTableFile? dhtState, Torrent? torrent, MagnetLink? magnet)
    {
        _http = http;
        _engine = engine;
        _options = options;
        _dhtBootstrap = dhtBootstrap;
        _dhtState = dhtState;
        _torrent = torrent;
        Magnet = magnet;
    }

    /// <summary>The magnet link when SOURCE was one; null for a .torrent.</summary>
    public MagnetLink? Magnet { get; }

    /// <summary>The running torrent.</summary>
    /// <exception cref="InvalidOperationException">A magnet's metadata has not been fetched yet (<see cref="FetchMetadataAsync"/>).</exception>
    public Torrent Torrent => _torrent ?? throw new InvalidOperationException("The magnet link's metadata has not been fetched yet.");

    /// <summary>The torrent's metainfo.</summary>
    /// <exception cref="InvalidOperationException">A magnet's metadata has not been fetched yet.</exception>
    public TorrentMetainfo Metainfo => Torrent.Metainfo;

    /// <summary>The port the engine listens on (TCP, and UDP when the DHT is on).</summary>
    public int ListenPort => _engine.ListenPort;

    /// <summary>
    /// The line both commands print when the DHT is on: the UDP port our node answers on, whom it joins through and
    /// where its routing table is kept; null without a DHT.
    /// </summary>
    public string? DescribeDht()
    {
        if (_engine.Dht is null)
        {
            return null;
        }

        var joins = new List<string>();
        if (_dhtBootstrap.Count > 0)
        {
            joins.Add(string.Join(", ", _dhtBootstrap));
        }

        if (_engine.DhtNodesRestored > 0)
        {
            joins.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the {_engine.DhtNodesRestored} nodes saved in {_dhtState!.Path}"));
        }

        var joining = joins.Count == 0 ? "no bootstrap node, so it only knows the nodes that contact it" : "joining through " + string.Join(" and ", joins);
        var kept = _dhtState is null ? string.Empty : $"; its routing table is kept in {_dhtState.Path}";
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"DHT node on UDP port {ListenPort}; {joining}{kept}.");
    }

    /// <summary>The line both commands print when local service discovery runs: the multicast group and the interface; null without it.</summary>
    public string? DescribeLsd() => _engine.Lsd is null || _engine.Settings.Lsd is not { } lsd
        ? null
        : string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"Local service discovery on {lsd.Group}:{lsd.Port} via {lsd.Interface?.ToString() ?? "the interface the system chooses"}.");

    /// <summary>
    /// The lines both commands print at start for the DHT and local service discovery that run (none when both are
    /// off). A torrent known to be private gets a note: BEP 27 keeps it off both.
    /// </summary>
    public IEnumerable<string> DescribeDiscovery()
    {
        const string PrivateNote = " The torrent is private (BEP 27), so it is not announced there.";
        var isPrivate = _torrent?.Metainfo.IsPrivate == true;
        foreach (var line in new[] { DescribeDht(), DescribeLsd() })
        {
            if (line is not null)
            {
                yield return isPrivate ? line + PrivateNote : line;
            }
        }
    }

    /// <summary>Reads the source and starts it in <paramref name="directory"/>: a .torrent at once, a magnet link once <see cref="FetchMetadataAsync"/> has its metadata.</summary>
    /// <param name="arguments">The command's arguments.</param>
    /// <param name="directory">The full path of the data folder (must exist).</param>
    /// <param name="allowMagnet">Whether SOURCE may be a magnet link (get); seed needs a .torrent to check the data against.</param>
    /// <param name="environment">Console and clock.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The session.</returns>
    /// <exception cref="CliException">
    /// Bad source, peer, DHT node or port; a magnet link with nowhere to find peers; local service discovery asked for
    /// but unable to join its group.
    /// </exception>
    public static async Task<TransferSession> StartAsync(
        TransferArguments arguments, string directory, bool allowMagnet, CliEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(environment);
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        BitTorrentEngine? engine = null;
        try
        {
            var magnet = allowMagnet && MagnetSource.IsMagnet(arguments.Source) ? MagnetSource.Parse(arguments.Source) : null;
            var metainfo = magnet is null ? await TorrentSourceLoader.LoadAsync(arguments.Source, http, cancellationToken) : null;
            var peers = new List<IPEndPoint>();
            foreach (var peer in arguments.Peers)
            {
                peers.Add(await PeerEndPointParser.ParseAsync(peer, cancellationToken));
            }

            if (magnet is not null)
            {
                peers.AddRange(await MagnetSource.ResolvePeersAsync(magnet, cancellationToken));
                RequireSomewhereToLook(magnet, peers, arguments);
            }

            var dht = await DhtSettingsAsync(arguments, cancellationToken);
            var lsd = arguments.LsdEnabled ? new LsdSettings { Interface = arguments.LsdInterface } : null;
            var state = arguments.DhtState is null ? null : new DhtTableFile(arguments.DhtState);
            engine = await EngineHost.StartAsync(arguments.Port, dht, lsd, state, arguments.Encryption, environment, arguments.Verbose, http, cancellationToken);
            RequireLocalDiscovery(engine, lsd);
            var options = new TorrentOptions(directory) { Peers = peers.Distinct().ToList() };
            var torrent = metainfo is null ? null : await engine.AddAsync(metainfo, options, cancellationToken);
            return new TransferSession(http, engine, options, arguments.DhtBootstrap, state, torrent, magnet);
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

    /// <summary>Fetches a magnet link's metadata (showing progress), after which <see cref="Torrent"/> is the download.</summary>
    /// <param name="environment">Console and clock.</param>
    /// <param name="deadline">Cancelled when <c>--max-time</c> runs out.</param>
    /// <param name="interrupt">Cancelled by Ctrl+C or SIGTERM.</param>
    /// <returns>How the metadata phase ended (<see cref="TransferOutcome.Complete"/>: the torrent runs) and its last status.</returns>
    /// <exception cref="InvalidOperationException">SOURCE was not a magnet link.</exception>
    public async Task<(TransferOutcome Outcome, TransferStatus Status)> FetchMetadataAsync(
        CliEnvironment environment, CancellationToken deadline, CancellationToken interrupt)
    {
        var link = Magnet ?? throw new InvalidOperationException("SOURCE was a .torrent: there is no metadata to fetch.");
        var (outcome, torrent, status) = await MagnetFetch.RunAsync(_engine, link, _options, environment, deadline, interrupt);
        _torrent = torrent;
        return (outcome, status);
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

    /// <summary>
    /// A magnet link alone names no data: peers must come from its trackers, its or our peer list, the DHT or LSD. With none
    /// of them the download could only wait forever, so it is refused up front.
    /// </summary>
    private static void RequireSomewhereToLook(MagnetLink magnet, List<IPEndPoint> peers, TransferArguments arguments)
    {
        if (magnet.Trackers.Count == 0 && peers.Count == 0 && !arguments.DhtEnabled && !arguments.LsdEnabled)
        {
            throw new CliException(
                "The magnet link names no tracker (tr) and no peer (x.pe), and no --peer was given: there is nowhere to find peers. Pass --dht-bootstrap HOST:PORT (a DHT node to join through), --lsd (peers on the local network) or --peer HOST:PORT.");
        }
    }

    /// <summary>
    /// The engine runs on without LSD when it cannot join the group (it logs why as a warning). Asked for explicitly,
    /// it must not silently be missing: a magnet found only there would wait for nothing until --max-time.
    /// </summary>
    private static void RequireLocalDiscovery(BitTorrentEngine engine, LsdSettings? lsd)
    {
        if (lsd is not null && engine.Lsd is null)
        {
            throw new CliException(
                $"Local service discovery cannot start on {lsd.Group}:{lsd.Port} via {lsd.Interface?.ToString() ?? "the interface the system chooses"} (the warning above says why). Run without --lsd, or name another interface with --lsd-interface.");
        }
    }

    private static async Task<DhtSettings?> DhtSettingsAsync(TransferArguments arguments, CancellationToken cancellationToken)
    {
        if (!arguments.DhtEnabled)
        {
            return null;
        }

        // Resolved here, not left to the engine, so a typo is refused with its option's name before anything starts.
        var nodes = new List<DnsEndPoint>();
        foreach (var node in arguments.DhtBootstrap)
        {
            var endPoint = await PeerEndPointParser.ParseAsync(node, "--dht-bootstrap", cancellationToken);
            if (endPoint.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
            {
                throw new CliException($"--dht-bootstrap '{node}' is not an IPv4 node; the DHT runs on IPv4 only (BEP 5).");
            }

            nodes.Add(new DnsEndPoint(endPoint.Address.ToString(), endPoint.Port));
        }

        return new DhtSettings { BootstrapNodes = nodes };
    }
}
