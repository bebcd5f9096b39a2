using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using ModularTorrent.BitTorrent.Bencoding;
using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.Dht;

/// <summary>
/// A BEP 5 mainline DHT node over UDP (IPv4): answers ping, find_node, get_peers and announce_peer, keeps a routing
/// table and a peer store, and runs iterative lookups for peers and announces. Malformed datagrams are answered with
/// error 203 (or dropped when they carry no transaction id); replies are rate-limited per source IP.
/// </summary>
public sealed partial class DhtNode : IAsyncDisposable
{
    private readonly DhtSettings _settings;
    private readonly TimeProvider _time;
    private readonly Action<string>? _log;
    private readonly Lock _gate = new();
    private readonly TokenManager _tokens;
    private readonly PeerStore _store;
    private readonly SourceRateLimiter _limiter;
    private readonly ConcurrentDictionary<ushort, PendingQuery> _pending = new();
    private readonly ConcurrentDictionary<InfoHash, int> _ownAnnounces = new();
    private readonly CancellationTokenSource _stop = new();
    private RoutingTable _table;
    private Socket? _socket;
    private Task? _receiveLoop;
    private Task? _maintenanceLoop;
    private int _nextTransaction = Random.Shared.Next(ushort.MaxValue);
    private int _disposed;

    /// <summary>Creates a node; nothing is bound until <see cref="StartAsync"/>.</summary>
    /// <param name="settings">Options (k, alpha, timeouts, limits, bootstrap nodes).</param>
    /// <param name="time">Clock for timeouts, tokens and expiry.</param>
    /// <param name="log">Receives one line per notable event (optional).</param>
    public DhtNode(DhtSettings settings, TimeProvider time, Action<string>? log = null)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _log = log;
        _table = NewTable(settings.NodeId.IsEmpty ? NodeId.CreateRandom() : settings.NodeId);
        _tokens = new TokenManager(time, settings.TokenRotation);
        _store = new PeerStore(time, settings.PeerLifetime, settings.MaxStoredTorrents, settings.MaxStoredPeersPerTorrent);
        _limiter = new SourceRateLimiter(time, settings.QueriesPerSecondPerIp, settings.QueryBurstPerIp);
    }

    /// <summary>Our node id.</summary>
    public NodeId Id
    {
        get
        {
            lock (_gate)
            {
                return _table.OwnId;
            }
        }
    }

    /// <summary>The bound UDP endpoint (after <see cref="StartAsync"/>).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint?)_socket?.LocalEndPoint ?? throw new InvalidOperationException("The DHT node is not started.");

    /// <summary>Nodes in the routing table.</summary>
    public int NodeCount
    {
        get
        {
            lock (_gate)
            {
                return _table.Count;
            }
        }
    }

    /// <summary>Info-hashes other nodes announced to us that are still live.</summary>
    public int StoredTorrentCount => _store.TorrentCount;

    /// <summary>Binds the UDP socket and starts answering and maintenance.</summary>
    /// <exception cref="SocketException">The address cannot be bound.</exception>
    public Task StartAsync(IPEndPoint bind, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bind);
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_socket is not null)
        {
            throw new InvalidOperationException("The DHT node is already started.");
        }

        if (bind.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException("This DHT node speaks IPv4 (BEP 5); bind it to an IPv4 address.", nameof(bind));
        }

        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(bind);

            // Each datagram's destination address is where its sender reaches us: it is the address we hand out when a
            // get_peers asks for a torrent we announced ourselves.
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.PacketInformation, true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _socket = socket;
        _receiveLoop = Task.Run(ReceiveLoopAsync, CancellationToken.None);
        _maintenanceLoop = Task.Run(MaintenanceLoopAsync, CancellationToken.None);
        Log($"DHT node {Id.ToHex()[..8]} listening on {LocalEndPoint}");
        return Task.CompletedTask;
    }

    /// <summary>
    /// Joins the network through <paramref name="nodes"/> (their ids need not be known): asks each for nodes near our
    /// id, then looks up our own id. With no endpoints, looks up our id through the nodes already in the table.
    /// </summary>
    /// <returns>Nodes in the routing table afterwards.</returns>
    public async Task<int> BootstrapAsync(IEnumerable<IPEndPoint> nodes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        EnsureStarted();
        var own = Id;
        var queries = nodes.Distinct().Select(endPoint => QueryAsync(endPoint, t => KrpcWriter.FindNode(t, own, own), null, cancellationToken)).ToList();
        var answers = await Task.WhenAll(queries);
        lock (_gate)
        {
            // Nodes named in the bootstrap answers are candidates too: the lookup below verifies them.
            foreach (var answer in answers)
            {
                foreach (var (id, endPoint) in ReadNodes(answer))
                {
                    if (_table.Find(id) is null)
                    {
                        _table.Observe(id, endPoint, false, _time.GetUtcNow(), out _);
                    }
                }
            }
        }

        await LookupAsync(own, getPeers: false, cancellationToken);
        return NodeCount;
    }

    /// <summary>
    /// Finds peers of <paramref name="infoHash"/>: an iterative get_peers lookup (alpha queries in flight, converging
    /// on the k closest nodes, bounded by <see cref="DhtSettings.LookupTimeout"/>), plus peers announced to us.
    /// </summary>
    public async Task<IReadOnlyList<IPEndPoint>> GetPeersAsync(InfoHash infoHash, CancellationToken cancellationToken = default)
    {
        EnsureStarted();
        await BootstrapFromSettingsIfEmptyAsync(cancellationToken);
        var result = await LookupAsync(NodeId.FromInfoHash(infoHash), getPeers: true, cancellationToken);
        var peers = new HashSet<IPEndPoint>(result.Peers);
        peers.UnionWith(_store.Get(infoHash, _settings.MaxStoredPeersPerTorrent));
        return [.. peers];
    }

    /// <summary>
    /// Announces that we serve <paramref name="infoHash"/> on TCP <paramref name="port"/> to the k closest nodes
    /// (after a get_peers lookup for their tokens). Port 0 sends <c>implied_port</c>: nodes use our UDP port.
    /// </summary>
    /// <returns>Nodes that accepted the announce.</returns>
    public async Task<int> AnnounceAsync(InfoHash infoHash, int port, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, ushort.MaxValue);
        EnsureStarted();
        await BootstrapFromSettingsIfEmptyAsync(cancellationToken);
        var target = NodeId.FromInfoHash(infoHash);

        // We are a node of the DHT too: from now on our own get_peers answers name us as well, so a querier finds us
        // through our node even when the network is too small (or too young) for the announce to land elsewhere.
        _ownAnnounces[infoHash] = port == 0 ? LocalEndPoint.Port : port;
        var result = await LookupAsync(target, getPeers: true, cancellationToken);
        var own = Id;
        var announces = result.Closest
            .Where(c => c.Token is not null)
            .Select(c => QueryAsync(c.Node.EndPoint, t => KrpcWriter.AnnouncePeer(t, own, target, port, c.Token!.Value), c.Node.Id, cancellationToken))
            .ToList();
        var answers = await Task.WhenAll(announces);
        var accepted = answers.Count(a => a?.Type == KrpcMessageType.Response);
        Log($"announced {infoHash.ToHex()[..8]} port {port} to {accepted}/{announces.Count} nodes");
        return accepted;
    }

    /// <summary>Stops naming ourselves as a peer of <paramref name="infoHash"/> (the torrent stopped); other nodes forget
    /// our announce when it expires.</summary>
    public void Withdraw(InfoHash infoHash) => _ownAnnounces.TryRemove(infoHash, out _);

    /// <summary>Whether our get_peers answers currently name us for <paramref name="infoHash"/>.</summary>
    public bool IsAnnouncing(InfoHash infoHash) => _ownAnnounces.ContainsKey(infoHash);

    /// <summary>Pings <paramref name="endPoint"/>; its id, or null when it did not answer in time.</summary>
    public async Task<NodeId?> PingAsync(IPEndPoint endPoint, CancellationToken cancellationToken = default)
    {
        EnsureStarted();
        var own = Id;
        var answer = await QueryAsync(endPoint, t => KrpcWriter.Ping(t, own), null, cancellationToken);
        return answer?.Type == KrpcMessageType.Response ? answer.SenderId : null;
    }

    /// <summary>
    /// The routing table as bytes for the plugin state store: our id and every contact as compact node info
    /// (bencoded <c>{id, nodes}</c>).
    /// </summary>
    public byte[] SaveRoutingTable()
    {
        lock (_gate)
        {
            var writer = new BencodeWriter();
            writer.WriteDictionaryStart();
            writer.WriteString("id");
            writer.WriteString(_table.OwnId.AsSpan());
            writer.WriteString("nodes");
            writer.WriteString(CompactNode.EncodeIPv4(_table.Contacts.Select(c => (c.Id, c.EndPoint))));
            writer.WriteEnd();
            return writer.ToArray();
        }
    }

    /// <summary>
    /// Restores a table saved by <see cref="SaveRoutingTable"/>. Before <see cref="StartAsync"/>, and when no id was
    /// configured, the saved id is adopted (a stable id keeps our place in the network). Nodes come back questionable;
    /// <see cref="BootstrapAsync"/> with no endpoints re-verifies them.
    /// </summary>
    /// <returns>Nodes restored.</returns>
    /// <exception cref="FormatException">The bytes are not a saved table.</exception>
    public int LoadRoutingTable(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        BencodeDictionary root;
        try
        {
            root = BencodeDocument.ParseDictionary(data);
        }
        catch (BencodeException ex)
        {
            throw new FormatException($"Not a saved DHT routing table: {ex.Message}", ex);
        }

        if (root.Find("id") is not BencodeString { Bytes.Length: NodeId.Length } id || root.Find("nodes") is not BencodeString nodes)
        {
            throw new FormatException("A saved DHT routing table has a 20-byte 'id' and a 'nodes' string.");
        }

        var contacts = CompactNode.Decode(nodes.Bytes.Span);
        lock (_gate)
        {
            if (_socket is null && _settings.NodeId.IsEmpty && _table.Count == 0)
            {
                _table = NewTable(new NodeId(id.Bytes.Span));
            }

            var restored = 0;
            var now = _time.GetUtcNow();
            foreach (var (nodeId, endPoint) in contacts)
            {
                if (_table.Observe(nodeId, endPoint, false, now, out _) == RoutingOutcome.Added)
                {
                    restored++;
                }
            }

            return restored;
        }
    }

    /// <summary>Stops the loops and closes the socket. Pending queries end as unanswered.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        _socket?.Dispose();
        foreach (var pending in _pending.Values)
        {
            pending.Completion.TrySetCanceled();
        }

        foreach (var loop in new[] { _receiveLoop, _maintenanceLoop })
        {
            if (loop is not null)
            {
                try
                {
                    await loop.WaitAsync(TimeSpan.FromSeconds(5));
                }
                catch (TimeoutException)
                {
                    Log("a DHT loop did not stop within 5 s");
                }
            }
        }

        _stop.Dispose();
    }

    private RoutingTable NewTable(NodeId id) => new(id, _settings.BucketSize, _time.GetUtcNow(), maxFailures: _settings.MaxFailures);

    private void EnsureStarted()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_socket is null)
        {
            throw new InvalidOperationException("Start the DHT node first.");
        }
    }

    private async Task BootstrapFromSettingsIfEmptyAsync(CancellationToken cancellationToken)
    {
        if (NodeCount > 0 || _settings.BootstrapNodes.Count == 0)
        {
            return;
        }

        var endPoints = new List<IPEndPoint>();
        foreach (var node in _settings.BootstrapNodes)
        {
            try
            {
                var addresses = await Dns.GetHostAddressesAsync(node.Host, AddressFamily.InterNetwork, cancellationToken);
                endPoints.AddRange(addresses.Select(a => new IPEndPoint(a, node.Port)));
            }
            catch (SocketException ex)
            {
                Log($"bootstrap node {node.Host} did not resolve: {ex.Message}");
            }
        }

        await BootstrapAsync(endPoints, cancellationToken);
    }

    private void Log(string message) => _log?.Invoke(message);

    private sealed record PendingQuery(IPEndPoint To, TaskCompletionSource<KrpcMessage> Completion);
}
