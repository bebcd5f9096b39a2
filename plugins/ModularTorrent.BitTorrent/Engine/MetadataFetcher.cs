using System.Buffers;
using System.Net;
using ModularTorrent.BitTorrent.Discovery;
using ModularTorrent.BitTorrent.Extensions;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.Peers;
using ModularTorrent.BitTorrent.Torrents;
using ModularTorrent.BitTorrent.Wire;
using ModularTorrent.Sdk.Plugins;

namespace ModularTorrent.BitTorrent.Engine;

/// <summary>
/// Gets the info dictionary of a magnet link from peers (BEP 9 over BEP 10): peers come from the request,
/// the link's <c>x.pe</c>, its trackers, the DHT (when the engine runs one) and LSD (through <see cref="Offer"/>);
/// a few are asked at a time, each for the whole dictionary, and the first copy whose SHA-1 is the info-hash wins.
/// </summary>
/// <remarks>
/// Each connection assembles its own copy rather than pooling pieces across peers: the dictionary is small (a few
/// 16 KiB pieces), and a copy that fails the hash then has exactly one author, who is dropped and banned from the
/// torrent (BEP 9: metadata that does not match the info-hash marks the peer as broken or malicious).
/// </remarks>
internal sealed class MetadataFetcher
{
    private const int ParallelPeers = 4;
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan PeerTimeout = TimeSpan.FromSeconds(30);
    private readonly BitTorrentEngine _engine;
    private readonly MagnetLink _link;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, KnownPeer> _known = new(StringComparer.Ordinal);
    private readonly Queue<IPEndPoint> _candidates = new();
    private readonly TaskCompletionSource<byte[]> _found = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<IPEndPoint> _liars = [];
    private readonly List<(IPEndPoint EndPoint, PeerSource Source)> _responsive = [];

    public MetadataFetcher(BitTorrentEngine engine, MagnetLink link, IEnumerable<IPEndPoint> peers)
    {
        _engine = engine;
        _link = link;
        foreach (var peer in peers)
        {
            Offer(peer, PeerSource.Given);
        }
    }

    /// <summary>Peers that answered the handshake (worth connecting to for the data afterwards), with where we heard of them.</summary>
    /// <remarks>A copy: an incoming connection may still be adding to the list when the fetch has ended.</remarks>
    public IReadOnlyList<(IPEndPoint EndPoint, PeerSource Source)> Responsive
    {
        get
        {
            lock (_lock)
            {
                return [.. _responsive];
            }
        }
    }

    /// <summary>Peers that sent metadata not matching the info-hash (their dialed or advertised listen addresses), for the torrent to ban.</summary>
    public IReadOnlyList<IPEndPoint> Liars
    {
        get
        {
            lock (_lock)
            {
                return [.. _liars];
            }
        }
    }

    public async Task<byte[]> FetchAsync(CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var found = _found;
        using var registration = cts.Token.Register(() => found.TrySetCanceled(cts.Token));
        var trackers = _link.Trackers.Count == 0 ? null : new TrackerManager(_link.Trackers.Select(t => (IReadOnlyList<string>)[t]).ToList(), _engine.Http, _engine.Services.Clock);
        try
        {
            var workers = Enumerable.Range(0, ParallelPeers).Select(_ => WorkAsync(found, cts.Token)).ToList();
            if (trackers is not null)
            {
                workers.Add(AnnounceLoopAsync(trackers, cts.Token));
            }

            if (_engine.Dht is { } dht)
            {
                workers.Add(DhtLoopAsync(dht, cts.Token));
            }

            var info = await found.Task;
            await cts.CancelAsync();
            await Task.WhenAll(workers).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return info;
        }
        finally
        {
            trackers?.Dispose();
        }
    }

    /// <summary>Queues a peer to ask (each address once at a time; the first source to name it is kept).</summary>
    public void Offer(IPEndPoint peer, PeerSource source)
    {
        lock (_lock)
        {
            // Connecting stands for queued or in flight: either way the address is not queued twice.
            if (!_engine.IsOwnEndPoint(peer) && !_liars.Contains(peer) && _known.TryAdd(peer.ToString(), new KnownPeer(peer, source) { Connecting = true }))
            {
                _candidates.Enqueue(peer);
            }
        }
    }

    /// <summary>
    /// Queues again the peers whose last attempt failed and whose back-off (2 s, doubling to a minute) has run out. In
    /// a small swarm one refused or timed-out attempt must not rule out the only peer that has the metadata for good.
    /// </summary>
    private void RequeueDue()
    {
        var now = _engine.Services.Clock.GetTimestamp();
        lock (_lock)
        {
            foreach (var known in _known.Values)
            {
                if (!known.Connecting && known.Failures > 0 && known.NextAttemptAt <= now && !_liars.Contains(known.EndPoint))
                {
                    known.Connecting = true;
                    _candidates.Enqueue(known.EndPoint);
                }
            }
        }
    }

    private void Attempted(IPEndPoint peer, bool failed)
    {
        lock (_lock)
        {
            if (!_known.TryGetValue(peer.ToString(), out var known))
            {
                return;
            }

            known.Connecting = false;
            if (failed)
            {
                known.Failures++;
                var backoff = TimeSpan.FromTicks(Math.Min(FirstRetry.Ticks << Math.Min(known.Failures - 1, 10), LongestRetry.Ticks));
                known.NextAttemptAt = _engine.Services.Clock.GetTimestamp() + (long)(backoff.TotalSeconds * _engine.Services.Clock.TimestampFrequency);
            }
        }
    }

    private async Task AnnounceLoopAsync(TrackerManager trackers, CancellationToken token)
    {
        var port = _engine.ListenPort > 0 ? _engine.ListenPort : 6881;
        while (!token.IsCancellationRequested)
        {
            try
            {
                var request = new AnnounceRequest(_link.InfoHash, _engine.PeerId, port, 0, 0, _link.ExactLength ?? 1, AnnounceEvent.None, 50);
                var response = await trackers.AnnounceAsync(request, token);
                foreach (var peer in response?.Peers ?? [])
                {
                    Offer(peer, PeerSource.Tracker);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                _engine.Log(PluginLogLevel.Debug, $"Metadata announce failed: {ex.Message}");
            }

            var wait = trackers.NextAnnounceDue - _engine.Services.Clock.GetUtcNow();
            await Task.Delay(wait < TimeSpan.FromSeconds(5) ? TimeSpan.FromSeconds(5) : wait, _engine.Services.Clock, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>
    /// Looks the info-hash up on the DHT: at once, then after 2 s, doubling to once a minute, since a young DHT (or one
    /// the seeders have not announced to yet) may answer with nobody at first.
    /// </summary>
    private async Task DhtLoopAsync(Dht.DhtNode dht, CancellationToken token)
    {
        await _engine.DhtBootstrap.WaitAsync(token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var wait = TimeSpan.FromSeconds(2);
        while (!token.IsCancellationRequested)
        {
            try
            {
                var peers = await dht.GetPeersAsync(_link.InfoHash, token);
                foreach (var peer in peers)
                {
                    Offer(peer, PeerSource.Dht);
                }

                _engine.Log(PluginLogLevel.Debug, $"Metadata: the DHT named {peers.Count} peers.");
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                _engine.Log(PluginLogLevel.Debug, $"Metadata DHT lookup failed: {ex.Message}");
            }

            await Task.Delay(wait, _engine.Services.Clock, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromMinutes(1).Ticks));
        }
    }

    private async Task WorkAsync(TaskCompletionSource<byte[]> found, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            IPEndPoint? peer;
            lock (_lock)
            {
                _candidates.TryDequeue(out peer);
            }

            if (peer is null)
            {
                RequeueDue();
                await Task.Delay(TimeSpan.FromMilliseconds(200), _engine.Services.Clock, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            var failed = true;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                timeout.CancelAfter(PeerTimeout);
                var info = await FromPeerAsync(peer, timeout.Token);
                if (info is not null)
                {
                    failed = false;
                    found.TrySetResult(info);
                    return;
                }
            }
            catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or OperationCanceledException
                or PeerProtocolException or ExtensionProtocolException or InvalidOperationException or Encryption.MseException)
            {
                _engine.Log(PluginLogLevel.Debug, $"Metadata from {peer}: {ex.Message}");
            }
            finally
            {
                Attempted(peer, failed);
            }
        }
    }

    /// <summary>
    /// Asks a peer that dialed us (its handshake header, naming this info-hash, is read) for the metadata: peers that
    /// found our announce on a tracker, the DHT or LSD come this way. The caller owns and closes the connection.
    /// </summary>
    public async Task ServeIncomingAsync(PeerTransport transport, bool extensions, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(PeerTimeout);
            await transport.ReadExactAsync(20, timeout.Token);
            await transport.WriteAsync(_engine.CreateHandshake(_link.InfoHash), timeout.Token);
            if (extensions && await ExchangeAsync(transport, dialedAt: null, timeout.Token) is { } info)
            {
                _found.TrySetResult(info);
            }
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or OperationCanceledException
            or PeerProtocolException or ExtensionProtocolException or InvalidOperationException)
        {
            _engine.Log(PluginLogLevel.Debug, $"Metadata from incoming {transport.RemoteEndPoint}: {ex.Message}");
        }
    }

    private async Task<byte[]?> FromPeerAsync(IPEndPoint endPoint, CancellationToken token)
    {
        await using var transport = await _engine.DialAsync(endPoint, _link.InfoHash, token);
        await transport.WriteAsync(_engine.CreateHandshake(_link.InfoHash), token);
        var header = await transport.ReadExactAsync(Handshake.InfoHashEnd, token);
        var (infoHash, extensions, _) = Handshake.ParseHeader(new ReadOnlySequence<byte>(header));
        if (infoHash != _link.InfoHash)
        {
            throw new PeerProtocolException("The peer answered with a different info-hash.");
        }

        await transport.ReadExactAsync(20, token);
        lock (_lock)
        {
            if (!_responsive.Exists(r => r.EndPoint.Equals(endPoint)))
            {
                _responsive.Add((endPoint, _known.TryGetValue(endPoint.ToString(), out var known) ? known.Source : PeerSource.Given));
            }
        }

        return extensions ? await ExchangeAsync(transport, endPoint, token) : null;
    }

    /// <summary>BEP 10 handshake, then ut_metadata requests until the assembled dictionary hashes to the info-hash.</summary>
    /// <param name="transport">A connection past the BitTorrent handshake.</param>
    /// <param name="dialedAt">The address we dialed; null when the peer dialed us, and then its listen port (BEP 10 <c>p</c>) makes it a peer the torrent can dial.</param>
    /// <param name="token">Ends the exchange.</param>
    /// <exception cref="PeerProtocolException">The peer's copy did not hash to the info-hash (it is recorded in <see cref="Liars"/>).</exception>
    private async Task<byte[]?> ExchangeAsync(PeerTransport transport, IPEndPoint? dialedAt, CancellationToken token)
    {
        MetadataAssembler? assembler = null;
        var listenAt = dialedAt;
        var ours = new ExtensionHandshake
        {
            Extensions = new Dictionary<string, byte> { [ExtensionNames.UtMetadata] = ExtensionNames.UtMetadataId },
            Client = _engine.Settings.ClientName,
        };
        Send(transport, ExtensionMessage(0, ours.Encode()));
        await transport.Writer.FlushAsync(token);

        byte remoteId = 0;
        var limits = new WireLimits(0);
        while (true)
        {
            var result = await transport.Reader.ReadAsync(token);
            var buffer = result.Buffer;
            byte[]? info = null;
            var done = false;
            try
            {
                while (!done && MessageReader.TryRead(ref buffer, limits, out var message))
                {
                    if (message.Id != MessageId.Extended)
                    {
                        continue;
                    }

                    if (message.ExtendedId == 0)
                    {
                        var theirs = ExtensionHandshake.Parse(message.Payload);
                        if (dialedAt is null && theirs.ListenPort is { } port)
                        {
                            listenAt = new IPEndPoint(transport.RemoteEndPoint.Address, port);
                            lock (_lock)
                            {
                                _responsive.Add((listenAt, PeerSource.Incoming));
                            }
                        }

                        if (!theirs.Extensions.TryGetValue(ExtensionNames.UtMetadata, out remoteId) || remoteId == 0 || theirs.MetadataSize is not { } size)
                        {
                            return null;
                        }

                        assembler ??= new MetadataAssembler(_link.InfoHash, size);
                        RequestPieces(transport, assembler, remoteId);
                    }
                    else if (message.ExtendedId == ExtensionNames.UtMetadataId && assembler is not null)
                    {
                        var reply = MetadataCodec.Parse(message.Payload.ToArray());
                        if (reply.Type == MetadataMessageType.Reject)
                        {
                            assembler.Rejected(reply.Piece);
                            done = true;
                        }
                        else if (reply.Type == MetadataMessageType.Data && assembler.Add(reply, out info))
                        {
                            done = true;
                        }
                        else if (assembler.HashFailures > 0)
                        {
                            throw Liar(transport, listenAt);
                        }
                        else
                        {
                            RequestPieces(transport, assembler, remoteId);
                        }
                    }
                }
            }
            finally
            {
                transport.Reader.AdvanceTo(buffer.Start, buffer.End);
            }

            if (done)
            {
                return info;
            }

            await transport.Writer.FlushAsync(token);
            if (result.IsCompleted)
            {
                return null;
            }
        }
    }

    /// <summary>Records a peer whose whole copy failed the hash, so it is neither asked again nor used for the data.</summary>
    private PeerProtocolException Liar(PeerTransport transport, IPEndPoint? listenAt)
    {
        lock (_lock)
        {
            _liars.Add(listenAt ?? transport.RemoteEndPoint);
            _responsive.RemoveAll(r => r.EndPoint.Equals(listenAt) || r.EndPoint.Equals(transport.RemoteEndPoint));
        }

        var who = listenAt ?? transport.RemoteEndPoint;
        _engine.Log(PluginLogLevel.Warning, $"Dropped peer {who}: its metadata for {_link.InfoHash} does not hash to the info-hash.");
        return new PeerProtocolException("The metadata does not hash to the info-hash.");
    }

    private void RequestPieces(PeerTransport transport, MetadataAssembler assembler, byte remoteId)
    {
        var now = _engine.Services.Clock.GetUtcNow();

        // A handful in flight at a time.
        for (var i = 0; i < 4 && assembler.NextRequest(now) is { } piece; i++)
        {
            Send(transport, ExtensionMessage(remoteId, MetadataCodec.EncodeRequest(piece)));
        }
    }

    private static (byte Id, byte[] Payload) ExtensionMessage(byte id, byte[] payload) => (id, payload);

    private static void Send(PeerTransport transport, (byte Id, byte[] Payload) message) =>
        MessageWriter.WriteExtended(transport.Writer, message.Id, message.Payload);
}
