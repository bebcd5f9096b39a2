using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.Peers;
using ModularTorrent.BitTorrent.Torrents;
using ModularTorrent.BitTorrent.Wire;
using ModularTorrent.Sdk.Events;
using ModularTorrent.Sdk.Plugins;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.BitTorrent.Engine;

/// <summary>
/// The BitTorrent engine: one listener, global connection and rate limits, and the torrents.
/// Usable without the host: <c>await using var engine = new BitTorrentEngine(settings, services);
/// await engine.StartAsync(ct); var torrent = await engine.AddAsync(metainfo, options, ct);</c>.
/// <see cref="StopAsync"/> stops cleanly (resume data saved); <see cref="DisposeAsync"/> alone is abrupt.
/// </summary>
public sealed partial class BitTorrentEngine : IAsyncDisposable
{
    private readonly ConcurrentDictionary<InfoHash, Torrent> _torrents = new();
    private readonly ConcurrentDictionary<InfoHash, MagnetTransfer> _magnets = new();
    private readonly CancellationTokenSource _cts = new();
    private readonly HttpClient? _ownedHttp;
    private readonly byte[] _peerId;
    private Socket? _listener;
    private int _startCalled;
    private Task? _acceptTask;
    private int _connections;
    private int _stopped;

    /// <summary>Creates an engine; nothing listens until <see cref="StartAsync"/>.</summary>
    public BitTorrentEngine(EngineSettings settings, EngineServices? services = null)
    {
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        Services = services ?? new EngineServices();
        if (Services.Http is null)
        {
            _ownedHttp = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        }

        // Azureus-style id: client code MT, version 1000, then random bytes.
        _peerId = new byte[20];
        Encoding.ASCII.GetBytes("-MT1000-").CopyTo(_peerId, 0);
        RandomNumberGenerator.Fill(_peerId.AsSpan(8));
        DownloadLimit = new TokenBucket(Services.Clock, settings.DownloadLimit);
        UploadLimit = new TokenBucket(Services.Clock, settings.UploadLimit);
    }

    /// <summary>The settings.</summary>
    public EngineSettings Settings { get; }

    /// <summary>The services.</summary>
    public EngineServices Services { get; }

    /// <summary>Our 20-byte peer id.</summary>
    public ReadOnlyMemory<byte> PeerId => _peerId;

    /// <summary>The bound listen port (the ephemeral one when 0 was configured), or 0 when not listening.</summary>
    public int ListenPort { get; private set; }

    /// <summary>The running torrents.</summary>
    public IReadOnlyList<Torrent> Torrents => [.. _torrents.Values];

    /// <summary>The DHT node when <see cref="EngineSettings.Dht"/> is set and the engine started.</summary>
    public Dht.DhtNode? Dht { get; private set; }

    /// <summary>The local service discovery (BEP 14) when <see cref="EngineSettings.Lsd"/> is set and the engine listens.</summary>
    public Lsd.LsdService? Lsd { get; private set; }

    /// <summary>Completes when joining the DHT through the bootstrap nodes has finished (at once without a DHT).</summary>
    public Task DhtBootstrap { get; private set; } = Task.CompletedTask;

    /// <summary>Open peer connections across torrents (including ones being set up).</summary>
    public int ConnectionCount => Volatile.Read(ref _connections);

    internal TokenBucket DownloadLimit { get; }

    internal TokenBucket UploadLimit { get; }

    internal HttpClient Http => Services.Http ?? _ownedHttp!;

    /// <summary>One client for every web seed: its handler does not follow redirects, so <see cref="WebSeeds.WebSeedClient"/> bounds them itself.</summary>
    internal HttpClient WebSeedHttp { get; } = new(WebSeeds.WebSeedClient.CreateHandler());

    /// <summary>Binds the listener (when <see cref="EngineSettings.AcceptIncoming"/>) and starts accepting peers.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _startCalled, 1) != 0)
        {
            return Task.CompletedTask;
        }

        if (Settings.AcceptIncoming)
        {
            StartListening(cancellationToken);
            StartLocalDiscovery();
        }

        // The DHT runs without a listener too: such an engine looks peers up but announces nothing.
        return StartDhtAsync(cancellationToken);
    }

    private void StartListening(CancellationToken cancellationToken)
    {
        var listener = new Socket(Settings.ListenAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (Settings.ListenAddress.Equals(IPAddress.IPv6Any))
            {
                // "::" takes IPv4 peers too.
                listener.DualMode = true;
            }

            listener.Bind(new IPEndPoint(Settings.ListenAddress, Settings.ListenPort));
            listener.Listen(128);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        _listener = listener;
        ListenPort = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _acceptTask = Task.Run(AcceptLoopAsync, cancellationToken);
        Log(PluginLogLevel.Information, $"Listening for peers on {listener.LocalEndPoint}.");
    }

    private void StartLocalDiscovery()
    {
        if (Settings.Lsd is not { } settings)
        {
            return;
        }

        var lsd = new Lsd.LsdService(settings, Services.Clock, OnLocalPeer, line => Log(PluginLogLevel.Debug, line));
        try
        {
            lsd.Start(ListenPort);
        }
        catch (SocketException ex)
        {
            // No multicast on this interface (or the port is taken): the engine works without LSD.
            Log(PluginLogLevel.Warning, $"Local service discovery is off: {ex.Message}");
            lsd.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return;
        }

        Lsd = lsd;
        Log(PluginLogLevel.Information, $"Local service discovery on {settings.Group}:{settings.Port} via {settings.Interface?.ToString() ?? "the default interface"}.");
    }

    private void OnLocalPeer(InfoHash infoHash, IPEndPoint peer)
    {
        if (IsOwnEndPoint(peer))
        {
            return;
        }

        if (Find(infoHash) is { } torrent)
        {
            torrent.AddLocalPeer(peer);
        }
        else if (_magnets.TryGetValue(infoHash, out var magnet))
        {
            magnet.AddLocalPeer(peer);
        }
    }

    /// <summary>Adds a torrent and starts it (checking existing data first).</summary>
    /// <exception cref="TransferSourceException">The torrent is already running (<see cref="TransferSourceError.Duplicate"/>).</exception>
    public Task<Torrent> AddAsync(TorrentMetainfo metainfo, TorrentOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metainfo);
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _stopped) != 0, this);
        var torrent = new Torrent(this, metainfo, options);
        if (_magnets.ContainsKey(metainfo.InfoHash) || !_torrents.TryAdd(metainfo.InfoHash, torrent))
        {
            throw new TransferSourceException(TransferSourceError.Duplicate, $"The torrent {metainfo.InfoHash} is already running.");
        }

        Publish(new TransferAdded(torrent.Id, torrent.Name) { Timestamp = Services.Clock.GetUtcNow() });
        torrent.Start();
        return Task.FromResult(torrent);
    }

    /// <summary>
    /// Starts a transfer from a magnet link: the metadata is fetched from peers (the options' peers, the
    /// link's <c>x.pe</c> and its trackers) in the background, then the torrent takes over.
    /// </summary>
    /// <exception cref="TransferSourceException">A transfer with this info-hash is already running, or the engine is
    /// passive (<see cref="EngineSettings.DialPeers"/> off) and so cannot fetch metadata.</exception>
    public MagnetTransfer AddMagnet(MagnetLink link, TorrentOptions options)
    {
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(options);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _stopped) != 0, this);
        if (!Settings.DialPeers)
        {
            throw new TransferSourceException(TransferSourceError.Unsupported, "This engine does not dial peers, so it cannot fetch a magnet link's metadata; add the .torrent instead.");
        }

        if (_torrents.ContainsKey(link.InfoHash) || _magnets.ContainsKey(link.InfoHash))
        {
            throw new TransferSourceException(TransferSourceError.Duplicate, $"The torrent {link.InfoHash} is already running.");
        }

        var transfer = new MagnetTransfer(this, link, options);
        if (!_magnets.TryAdd(link.InfoHash, transfer))
        {
            throw new TransferSourceException(TransferSourceError.Duplicate, $"The torrent {link.InfoHash} is already running.");
        }

        Publish(new TransferAdded(transfer.Id, transfer.Name) { Timestamp = Services.Clock.GetUtcNow() });
        transfer.Start();
        return transfer;
    }

    /// <summary>Magnet transfers still fetching metadata.</summary>
    public IReadOnlyList<MagnetTransfer> PendingMagnets => [.. _magnets.Values];

    /// <summary>Starts the torrent a magnet's metadata made, knowing the peers that answered during the metadata phase and those that lied.</summary>
    internal Torrent AddFromMagnet(
        TorrentMetainfo metainfo, TorrentOptions options, IEnumerable<(IPEndPoint EndPoint, PeerSource Source)> discovered, IEnumerable<IPEndPoint> liars)
    {
        var torrent = new Torrent(this, metainfo, options);
        foreach (var liar in liars)
        {
            torrent.BanAddress(liar, "sent metadata that does not hash to the info-hash");
        }

        foreach (var (endPoint, source) in discovered)
        {
            torrent.AddPeer(endPoint, source);
        }

        if (!_torrents.TryAdd(metainfo.InfoHash, torrent))
        {
            throw new TransferSourceException(TransferSourceError.Duplicate, $"The torrent {metainfo.InfoHash} is already running.");
        }

        // From here on the torrent is the transfer; the magnet entry only guarded the metadata phase.
        _magnets.TryRemove(metainfo.InfoHash, out _);
        torrent.Start();
        return torrent;
    }

    internal void RemoveMagnet(MagnetTransfer transfer) =>
        _magnets.TryRemove(new KeyValuePair<InfoHash, MagnetTransfer>(transfer.Link.InfoHash, transfer));

    /// <summary>The running torrent with this info-hash, or null.</summary>
    public Torrent? Find(InfoHash infoHash) => _torrents.GetValueOrDefault(infoHash);

    /// <summary>Saves the DHT routing table, stops every torrent cleanly (resume data saved) and closes the listener.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        CloseListener();

        // The table first: it needs nothing the torrents hold, and a host whose shutdown runs out of time while
        // torrents write their resume data must not lose it.
        await TrySaveDhtTableAsync("on stop", cancellationToken);
        await Task.WhenAll(_magnets.Values.Select(m => m.StopAsync(deleteData: false, cancellationToken)));
        await Task.WhenAll(_torrents.Values.Select(t => t.StopAsync(deleteData: false, cancellationToken)));
        Interlocked.Exchange(ref _stopped, 1);
    }

    /// <summary>Ends abruptly: connections dropped, no resume data saved (what a crash leaves behind). Call <see cref="StopAsync"/> first for a clean stop.</summary>
    public async ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _stopped, 1);
        CloseListener();
        await Task.WhenAll(_magnets.Values.Select(m => m.StopAsync(deleteData: false)));
        await Task.WhenAll(_torrents.Values.Select(t => t.AbortAsync()));
        if (_acceptTask is not null)
        {
            await _acceptTask.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (Dht is { } dht)
        {
            await DhtBootstrap.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await _dhtTableSaving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await dht.DisposeAsync();
        }

        if (Lsd is { } lsd)
        {
            await lsd.DisposeAsync();
        }

        _ownedHttp?.Dispose();
        WebSeedHttp.Dispose();
        _cts.Dispose();
    }

    internal void Remove(Torrent torrent) => _torrents.TryRemove(new KeyValuePair<InfoHash, Torrent>(torrent.InfoHash, torrent));

    internal bool TryReserveConnection()
    {
        while (true)
        {
            var current = Volatile.Read(ref _connections);
            if (current >= Settings.MaxConnections)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _connections, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    internal void ReleaseConnection() => Interlocked.Decrement(ref _connections);

    internal bool IsOwnEndPoint(IPEndPoint endPoint) =>
        ListenPort != 0 && endPoint.Port == ListenPort
        && (IPAddress.IsLoopback(endPoint.Address) || endPoint.Address.Equals(Settings.ListenAddress));

    /// <summary>
    /// Opens an outgoing connection, encrypted when <see cref="EngineSettings.Encryption"/> asks for it. In
    /// <c>Enabled</c> mode a peer that fails the MSE handshake is dialled again in plain text.
    /// </summary>
    internal async Task<PeerTransport> DialAsync(IPEndPoint endPoint, InfoHash infoHash, CancellationToken cancellationToken)
    {
        var mse = Settings.Encryption;
        if (mse is null || mse.Mode == Encryption.EncryptionMode.Disabled)
        {
            return await PeerTransport.ConnectAsync(endPoint, Settings.ConnectTimeout, cancellationToken);
        }

        try
        {
            return await PeerTransport.ConnectAsync(
                endPoint,
                Settings.ConnectTimeout,
                async (stream, token) => (await Encryption.MseHandshake.InitiateAsync(stream, infoHash, mse, default, token)).Stream,
                cancellationToken);
        }
        catch (Encryption.MseException ex) when (mse.Mode == Encryption.EncryptionMode.Enabled)
        {
            Log(PluginLogLevel.Debug, $"MSE with {endPoint} failed ({ex.Message}); trying plain text.");
            return await PeerTransport.ConnectAsync(endPoint, Settings.ConnectTimeout, cancellationToken);
        }
    }

    internal byte[] CreateHandshake(InfoHash infoHash)
    {
        var bytes = new byte[Handshake.Length];
        new Handshake(infoHash, _peerId, SupportsExtensions: true, SupportsFast: true).WriteTo(bytes);
        return bytes;
    }

    internal void Log(PluginLogLevel level, string message, Exception? exception = null)
    {
        var logger = Services.Logger;
        if (logger is not null && logger.IsEnabled(level))
        {
            logger.Log(level, message, exception);
        }
    }

    internal void Publish(HostEvent hostEvent)
    {
        try
        {
            Services.Events?.Publish(hostEvent);
        }
        catch (Exception ex)
        {
            Log(PluginLogLevel.Warning, $"Publishing {hostEvent.GetType().Name} failed: {ex.Message}");
        }
    }

    private void CloseListener()
    {
        if (!_cts.IsCancellationRequested)
        {
            _cts.Cancel();
        }

        _listener?.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        var token = _cts.Token;
        while (!token.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener!.AcceptAsync(token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (token.IsCancellationRequested)
                {
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), Services.Clock, CancellationToken.None);
                continue;
            }

            if (!TryReserveConnection())
            {
                socket.Dispose();
                continue;
            }

            _ = Task.Run(() => HandleIncomingAsync(socket, token), CancellationToken.None);
        }
    }

    private async Task HandleIncomingAsync(Socket socket, CancellationToken token)
    {
        PeerTransport? transport = null;
        var accepted = false;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
            timeout.CancelAfter(Settings.ConnectTimeout);
            if (Settings.Encryption is { Mode: not Encryption.EncryptionMode.Disabled } mse)
            {
                // The responder tells a plain handshake from MSE by its first bytes and hands back a stream either way.
                var plain = new NetworkStream(socket, ownsSocket: true);
                var resolver = Encryption.MseHandshake.FromInfoHashes(() => _torrents.Keys.Concat(_magnets.Keys));
                var result = await Encryption.MseHandshake.RespondAsync(plain, resolver, mse, timeout.Token);
                transport = new PeerTransport(socket, result.Stream);
            }
            else
            {
                transport = new PeerTransport(socket);
            }

            var header = await transport.ReadExactAsync(Handshake.InfoHashEnd, timeout.Token);
            var (infoHash, extensions, fast) = Handshake.ParseHeader(new ReadOnlySequence<byte>(header));
            if (_torrents.TryGetValue(infoHash, out var torrent))
            {
                accepted = await torrent.AcceptAsync(transport, extensions, fast, timeout.Token);
            }
            else if (_magnets.TryGetValue(infoHash, out var magnet) && magnet.Fetcher is { } fetcher)
            {
                // A magnet still waiting for its metadata: ask this peer for it; the torrent dials peers afterwards.
                await fetcher.ServeIncomingAsync(transport, extensions, token);
            }
            else
            {
                Log(PluginLogLevel.Debug, $"Incoming peer {transport.RemoteEndPoint} asked for unknown torrent {infoHash}.");
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or PeerProtocolException
            or InvalidOperationException or Encryption.MseException)
        {
            Log(PluginLogLevel.Debug, $"Incoming connection failed: {ex.Message}");
        }
        finally
        {
            if (!accepted)
            {
                ReleaseConnection();
                if (transport is not null)
                {
                    await transport.DisposeAsync();
                }
                else
                {
                    socket.Dispose();
                }
            }
        }
    }
}
