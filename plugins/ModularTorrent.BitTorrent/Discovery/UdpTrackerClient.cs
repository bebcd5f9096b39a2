using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.Discovery;

/// <summary>A UDP tracker (BEP 15): connect, announce and scrape over one socket connected to the tracker.</summary>
/// <remarks>
/// Requests are serialized per tracker. Every answer must carry the transaction id of the request it
/// answers: datagrams with another id (late answers to an earlier attempt, spoofed packets) are
/// ignored, not trusted. A connection id is reused for <see cref="UdpTrackerOptions.ConnectionIdLifetime"/>
/// and dropped after any failure so the next request starts with a fresh connect.
/// </remarks>
public sealed class UdpTrackerClient : ITrackerClient
{
    // Large enough for an announce answer with a few thousand peers; a bigger datagram is truncated by the OS.
    private const int ReceiveBufferLength = 64 * 1024;

    private readonly TimeProvider _clock;
    private readonly UdpTrackerOptions _options;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly uint _key;
    private Socket? _socket;
    private long _connectionId;
    private DateTimeOffset _connectedAt;
    private bool _hasConnection;
    private bool _disposed;

    /// <summary>Creates a client for one tracker; nothing is sent until the first request.</summary>
    /// <param name="announceUri">A <c>udp://host:port</c> URL.</param>
    /// <param name="clock">The clock for timeouts and connection id age.</param>
    /// <param name="options">Timing; <see cref="UdpTrackerOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">The URL is not <c>udp</c> or has no port.</exception>
    public UdpTrackerClient(Uri announceUri, TimeProvider clock, UdpTrackerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(announceUri);
        ArgumentNullException.ThrowIfNull(clock);
        if (!announceUri.IsAbsoluteUri || announceUri.Scheme != "udp")
        {
            throw new ArgumentException($"'{announceUri}' is not a udp URL.", nameof(announceUri));
        }

        if (announceUri.Port is < 1 or > 65535)
        {
            throw new ArgumentException($"'{announceUri}' has no port; UDP trackers have no default port.", nameof(announceUri));
        }

        AnnounceUri = announceUri;
        _clock = clock;
        _options = options ?? UdpTrackerOptions.Default;
        _key = (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
    }

    /// <inheritdoc />
    public Uri AnnounceUri { get; }

    /// <summary>How many datagrams have been sent; lets callers and tests see retransmissions.</summary>
    public int DatagramsSent { get; private set; }

    /// <inheritdoc />
    public async Task<AnnounceResponse> AnnounceAsync(AnnounceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await RunAsync(
                UdpTrackerProtocol.ActionAnnounce,
                (packet, connectionId, transactionId) => UdpTrackerProtocol.WriteAnnounce(packet, connectionId, transactionId, request, _key),
                (datagram, peerEntryLength) => UdpTrackerProtocol.ReadAnnounce(datagram, peerEntryLength),
                cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<InfoHash, ScrapeStats>> ScrapeAsync(IReadOnlyList<InfoHash> infoHashes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(infoHashes);
        if (infoHashes.Count == 0)
        {
            throw new ArgumentException("Scrape needs at least one info-hash.", nameof(infoHashes));
        }

        var hashes = infoHashes.ToArray();
        if (Array.Exists(hashes, h => h.IsEmpty))
        {
            throw new ArgumentException("An info-hash to scrape is empty.", nameof(infoHashes));
        }

        var result = new Dictionary<InfoHash, ScrapeStats>();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            for (var start = 0; start < hashes.Length; start += UdpTrackerProtocol.MaxScrapeHashes)
            {
                var batch = hashes.AsMemory(start, Math.Min(UdpTrackerProtocol.MaxScrapeHashes, hashes.Length - start));
                await RunAsync(
                    UdpTrackerProtocol.ActionScrape,
                    (packet, connectionId, transactionId) => UdpTrackerProtocol.WriteScrape(packet, connectionId, transactionId, batch.Span),
                    (datagram, _) =>
                    {
                        UdpTrackerProtocol.ReadScrape(datagram, batch.Span, result);
                        return true;
                    },
                    cancellationToken);
            }

            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes the socket.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _socket?.Dispose();
        _gate.Dispose();
    }

    private delegate int PacketWriter(Span<byte> packet, long connectionId, int transactionId);

    private delegate T AnswerReader<out T>(ReadOnlySpan<byte> datagram, int peerEntryLength);

    /// <summary>Connect when needed, then one request, retransmitting per BEP 15 with one n shared by both steps.</summary>
    private async Task<T> RunAsync<T>(int action, PacketWriter write, AnswerReader<T> read, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var socket = await EnsureSocketAsync(cancellationToken);
        var peerEntryLength = socket.AddressFamily == AddressFamily.InterNetworkV6
            ? CompactPeers.IPv6EntryLength
            : CompactPeers.IPv4EntryLength;
        var buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferLength);
        try
        {
            var n = 0;
            while (true)
            {
                if (!_hasConnection || _clock.GetUtcNow() - _connectedAt >= _options.ConnectionIdLifetime)
                {
                    _hasConnection = false;
                    var connectId = NewTransactionId();
                    var connectLength = UdpTrackerProtocol.WriteConnect(buffer, connectId);
                    var connected = await ExchangeAsync(socket, buffer, connectLength, connectId, UdpTrackerProtocol.ActionConnect, n, cancellationToken);
                    if (connected < 0)
                    {
                        n = NextAttempt(n);
                        continue;
                    }

                    _connectionId = UdpTrackerProtocol.ReadConnect(buffer.AsSpan(0, connected));
                    _connectedAt = _clock.GetUtcNow();
                    _hasConnection = true;
                }

                var transactionId = NewTransactionId();
                var length = write(buffer, _connectionId, transactionId);
                var received = await ExchangeAsync(socket, buffer, length, transactionId, action, n, cancellationToken);
                if (received < 0)
                {
                    n = NextAttempt(n);
                    continue;
                }

                return read(buffer.AsSpan(0, received), peerEntryLength);
            }
        }
        catch (Exception ex) when (ex is TrackerException or SocketException)
        {
            // After any failure the tracker may have forgotten us (restart, expiry): connect afresh next time.
            _hasConnection = false;
            if (ex is SocketException socketError)
            {
                throw new TrackerException(TrackerErrorKind.Transport, $"UDP tracker {AnnounceUri.Authority}: {socketError.Message}.", socketError);
            }

            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private int NextAttempt(int n)
    {
        if (n >= _options.MaxRetransmissions)
        {
            var total = TimeSpan.Zero;
            for (var i = 0; i <= n; i++)
            {
                total += _options.TimeoutFor(i);
            }

            throw new TrackerException(
                TrackerErrorKind.Timeout,
                $"UDP tracker {AnnounceUri.Authority} did not answer {n + 1} attempts over {total.TotalSeconds:0.###} s.");
        }

        return n + 1;
    }

    /// <summary>Sends one datagram and waits for its answer; returns the answer's length, or -1 on timeout.</summary>
    private async Task<int> ExchangeAsync(Socket socket, byte[] buffer, int length, int transactionId, int action, int n, CancellationToken cancellationToken)
    {
        await socket.SendAsync(buffer.AsMemory(0, length), SocketFlags.None, cancellationToken);
        DatagramsSent++;
        using var timeout = new CancellationTokenSource(_options.TimeoutFor(n), _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, linked.Token);
                if (!UdpTrackerProtocol.TryReadHeader(buffer.AsSpan(0, received), out var answerAction, out var answerId)
                    || answerId != transactionId)
                {
                    continue; // noise or a late answer to an earlier attempt
                }

                if (answerAction == UdpTrackerProtocol.ActionError)
                {
                    throw new TrackerException(TrackerErrorKind.Refused, UdpTrackerProtocol.ReadError(buffer.AsSpan(0, received)));
                }

                if (answerAction != action)
                {
                    throw new TrackerException(
                        TrackerErrorKind.Malformed,
                        $"UDP tracker {AnnounceUri.Authority} answered action {answerAction} to a request of action {action}.");
                }

                return received;
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return -1;
        }
    }

    private async Task<Socket> EnsureSocketAsync(CancellationToken cancellationToken)
    {
        if (_socket is not null)
        {
            return _socket;
        }

        IPAddress address;
        if (!IPAddress.TryParse(AnnounceUri.DnsSafeHost, out address!))
        {
            IPAddress[] addresses;
            try
            {
                addresses = await Dns.GetHostAddressesAsync(AnnounceUri.DnsSafeHost, cancellationToken);
            }
            catch (SocketException ex)
            {
                throw new TrackerException(TrackerErrorKind.Transport, $"Cannot resolve UDP tracker host '{AnnounceUri.DnsSafeHost}': {ex.Message}", ex);
            }

            // Prefer IPv4: most UDP trackers listen there, and the compact peer size follows the family.
            address = Array.Find(addresses, a => a.AddressFamily == AddressFamily.InterNetwork)
                ?? (addresses.Length > 0 ? addresses[0] : throw new TrackerException(TrackerErrorKind.Transport, $"UDP tracker host '{AnnounceUri.DnsSafeHost}' has no address."));
        }

        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, AnnounceUri.Port), cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _socket = socket;
        return socket;
    }

    private static int NewTransactionId() => RandomNumberGenerator.GetInt32(int.MinValue, int.MaxValue);
}
