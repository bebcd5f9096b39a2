using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.Lsd;

/// <summary>
/// BEP 14 local service discovery: announces our torrents to the multicast group and reports peers that announce
/// torrents we track. Our own announces (recognised by the cookie) are ignored; each torrent is announced at most
/// once per <see cref="LsdSettings.MinAnnounceInterval"/>.
/// </summary>
public sealed class LsdService : IAsyncDisposable
{
    private readonly LsdSettings _settings;
    private readonly TimeProvider _time;
    private readonly Action<InfoHash, IPEndPoint> _onPeer;
    private readonly Action<string>? _log;
    private readonly Dictionary<InfoHash, DateTimeOffset?> _tracked = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private Socket? _socket;
    private Task? _receiveLoop;
    private Task? _announceLoop;
    private int _listenPort;

    /// <summary>Creates the service; nothing is bound until <see cref="Start"/>.</summary>
    /// <param name="settings">Group, port, interface, intervals.</param>
    /// <param name="time">Clock for the announce pacing.</param>
    /// <param name="onPeer">Called (on the receive loop) for each peer announcing a tracked torrent.</param>
    /// <param name="log">Receives one line per notable event (optional).</param>
    public LsdService(LsdSettings settings, TimeProvider time, Action<InfoHash, IPEndPoint> onPeer, Action<string>? log = null)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _onPeer = onPeer ?? throw new ArgumentNullException(nameof(onPeer));
        _log = log;
        Cookie = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
    }

    /// <summary>The cookie in our announces.</summary>
    public string Cookie { get; }

    /// <summary>
    /// Joins the group and starts listening and the periodic re-announce of tracked torrents (every
    /// <see cref="LsdSettings.AnnounceInterval"/>); call <see cref="AnnounceAsync"/> for a torrent's first announce.
    /// </summary>
    /// <param name="listenPort">Our BitTorrent TCP port, sent in announces.</param>
    /// <exception cref="SocketException">The port cannot be bound or the group joined.</exception>
    public void Start(int listenPort)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(listenPort, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(listenPort, ushort.MaxValue);
        if (_socket is not null)
        {
            throw new InvalidOperationException("LSD is already started.");
        }

        _listenPort = listenPort;
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            // Other clients on this host listen on the same group and port.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(IPAddress.Any, _settings.Port));
            var local = _settings.Interface ?? IPAddress.Any;
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(_settings.Group, local));
            if (_settings.Interface is not null)
            {
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, _settings.Interface.GetAddressBytes());
            }

            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, _settings.TimeToLive);
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _socket = socket;
        _receiveLoop = Task.Run(ReceiveLoopAsync, CancellationToken.None);
        _announceLoop = Task.Run(AnnounceLoopAsync, CancellationToken.None);
    }

    /// <summary>Reports peers for <paramref name="infoHash"/> and includes it in periodic announces.</summary>
    public void Track(InfoHash infoHash)
    {
        lock (_gate)
        {
            _tracked.TryAdd(infoHash, null);
        }
    }

    /// <summary>Stops reporting and announcing <paramref name="infoHash"/>.</summary>
    public void Untrack(InfoHash infoHash)
    {
        lock (_gate)
        {
            _tracked.Remove(infoHash);
        }
    }

    /// <summary>
    /// Announces the tracked torrents in <paramref name="infoHashes"/> that were not announced within the minimum
    /// interval (others are skipped, as BEP 14 asks). Returns how many were announced.
    /// </summary>
    public async Task<int> AnnounceAsync(IEnumerable<InfoHash> infoHashes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(infoHashes);
        var socket = _socket ?? throw new InvalidOperationException("Start LSD first.");
        var now = _time.GetUtcNow();
        List<InfoHash> due;
        lock (_gate)
        {
            due = [];
            foreach (var hash in infoHashes.Distinct())
            {
                if (_tracked.TryGetValue(hash, out var last) && (last is null || now - last.Value >= _settings.MinAnnounceInterval))
                {
                    _tracked[hash] = now;
                    due.Add(hash);
                }
            }
        }

        var target = new IPEndPoint(_settings.Group, _settings.Port);
        var host = $"{_settings.Group}:{_settings.Port.ToString(CultureInfo.InvariantCulture)}";
        foreach (var batch in due.Chunk(LsdCodec.MaxInfoHashesPerMessage))
        {
            var message = LsdCodec.Encode(new LsdMessage(host, _listenPort, batch, Cookie));
            try
            {
                await socket.SendToAsync(message, SocketFlags.None, target, cancellationToken);
            }
            catch (SocketException ex)
            {
                _log?.Invoke($"LSD announce failed: {ex.Message}");
                return 0;
            }
        }

        return due.Count;
    }

    /// <summary>Leaves the group and stops the loops.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync();
        _socket?.Dispose();
        foreach (var loop in new[] { _receiveLoop, _announceLoop })
        {
            if (loop is not null)
            {
                try
                {
                    await loop.WaitAsync(TimeSpan.FromSeconds(5));
                }
                catch (TimeoutException)
                {
                    _log?.Invoke("an LSD loop did not stop within 5 s");
                }
            }
        }

        _stop.Dispose();
    }

    /// <summary>Handles one received datagram; internal so tests can feed it without multicast.</summary>
    internal void Handle(ReadOnlySpan<byte> datagram, IPAddress source)
    {
        LsdMessage message;
        try
        {
            message = LsdCodec.Parse(datagram);
        }
        catch (FormatException ex)
        {
            _log?.Invoke($"ignored an LSD message from {source}: {ex.Message}");
            return;
        }

        if (message.Cookie == Cookie)
        {
            return;
        }

        foreach (var hash in message.InfoHashes)
        {
            bool tracked;
            lock (_gate)
            {
                tracked = _tracked.ContainsKey(hash);
            }

            if (tracked)
            {
                _onPeer(hash, new IPEndPoint(source, message.Port));
            }
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[LsdCodec.MaxMessageSize + 1];
        var any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var received = await _socket!.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
                Handle(buffer.AsSpan(0, received.ReceivedBytes), ((IPEndPoint)received.RemoteEndPoint).Address);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                break;
            }
            catch (SocketException ex)
            {
                _log?.Invoke($"LSD receive error ignored: {ex.SocketErrorCode}");
            }
            catch (Exception ex)
            {
                // A peer callback that throws must not end discovery.
                _log?.Invoke($"LSD handler failed: {ex.Message}");
            }
        }
    }

    private async Task AnnounceLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                // Re-announces only: the first announce of a torrent is the caller's AnnounceAsync when it starts it.
                await Task.Delay(_settings.AnnounceInterval, _time, _stop.Token);
                List<InfoHash> tracked;
                lock (_gate)
                {
                    tracked = [.. _tracked.Keys];
                }

                if (tracked.Count > 0)
                {
                    await AnnounceAsync(tracked, _stop.Token);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                break;
            }
        }
    }
}
