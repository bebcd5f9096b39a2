using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using ModularTorrent.BitTorrent.Pieces;
using ModularTorrent.BitTorrent.Torrents;
using ModularTorrent.BitTorrent.Wire;

namespace ModularTorrent.BitTorrent.Peers;

/// <summary>
/// One peer connection after the handshake. A read loop decodes messages from the pipe and hands them to
/// the torrent; a single writer loop drains queued control messages and serves upload requests, so no lock
/// guards the pipe writer. Fields marked "torrent lock" are only touched under the owning torrent's lock.
/// </summary>
internal sealed class PeerConnection : IRequestingPeer, IDisposable
{
    private readonly PeerTransport _transport;
    private readonly ConcurrentQueue<OutgoingMessage> _control = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly Lock _uploadLock = new();
    private readonly List<BlockRequest> _uploads = [];
    private readonly CancellationTokenSource _cts = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _signaled;
    private int _closed;
    private int _loopsRunning;

    public PeerConnection(Torrent torrent, PeerTransport transport, byte[] peerId, bool incoming, bool supportsFast, bool supportsExtensions)
    {
        Torrent = torrent;
        _transport = transport;
        PeerId = peerId;
        PeerIdHex = Convert.ToHexStringLower(peerId);
        Incoming = incoming;
        SupportsFast = supportsFast;
        SupportsExtensions = supportsExtensions;
        RemoteEndPoint = transport.RemoteEndPoint;
        EndpointText = RemoteEndPoint.ToString();
        Have = new Bitfield(torrent.PieceCount);
        var now = torrent.Clock.GetTimestamp();
        ConnectedAt = now;
        LastReceivedAt = now;
        LastSentAt = now;
        LastBlockAt = now;
        ClientName = PeerIdClient.Describe(peerId);
    }

    public Torrent Torrent { get; }

    public IPEndPoint RemoteEndPoint { get; }

    public string EndpointText { get; }

    /// <summary>The endpoint this peer listens on (its outgoing address for dialled peers, the advertised port for incoming ones).</summary>
    public IPEndPoint? ListenEndPoint { get; set; }

    /// <summary>Our end of the connection.</summary>
    public IPEndPoint? LocalEndPoint => _transport.Socket.LocalEndPoint as IPEndPoint;

    public byte[] PeerId { get; }

    public string PeerIdHex { get; }

    public bool Incoming { get; }

    public bool SupportsFast { get; }

    public bool SupportsExtensions { get; }

    public string? ClientName { get; set; }

    public int RemoteRequestQueueLength { get; set; } = 250;

    public IReadOnlyDictionary<string, byte> RemoteExtensions { get; set; } = new Dictionary<string, byte>();

    public long ConnectedAt { get; }

    public long LastReceivedAt { get; set; }

    public long LastSentAt { get; set; }

    public RateMeter Download { get; } = new();

    public RateMeter Upload { get; } = new();

    // Torrent lock.
    public bool AmChoking { get; set; } = true;

    public bool AmInterested { get; set; }

    public bool PeerChoking { get; set; } = true;

    public bool PeerInterested { get; set; }

    public bool Optimistic { get; set; }

    /// <summary>Where we heard of the address we dialed; null for an incoming connection.</summary>
    internal Torrents.PeerSource? Source { get; init; }

    /// <summary>'E' for an RC4-encrypted connection, 'e' for an MSE handshake with plaintext payload, '\0' for plain BitTorrent.</summary>
    internal char EncryptionFlag => _transport.Stream is Encryption.MseStream mse ? (mse.EncryptsPayload ? 'E' : 'e') : '\0';

    public bool Snubbed { get; set; }

    public Bitfield Have { get; }

    public bool HaveReceived { get; set; }

    public HashSet<long> Outstanding { get; } = [];

    public int QueueDepth { get; set; } = 64;

    public long LastBlockAt { get; set; }

    public HashSet<int> AllowedFastFromPeer { get; } = [];

    public HashSet<int> AllowedFastToPeer { get; } = [];

    public int HashFailures { get; set; }

    public bool OnParole => HashFailures > 0;

    /// <summary>BEP 11 bookkeeping: what we last told this peer and when it last told us.</summary>
    public Extensions.PexState Pex { get; } = new();

    /// <summary>Messages received so far (read loop only).</summary>
    public int MessagesReceived { get; set; }

    /// <summary>Extension-protocol messages received so far (read loop only).</summary>
    public int ExtendedMessagesReceived { get; set; }

    /// <summary>Completes when both loops have ended and the socket is closed.</summary>
    public Task Completion => _completion.Task;

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    public string? CloseReason { get; private set; }

    /// <summary>Starts the read and write loops.</summary>
    public void Start()
    {
        _loopsRunning = 2;
        _ = Task.Run(ReadLoopAsync);
        _ = Task.Run(WriteLoopAsync);
    }

    public void Enqueue(in OutgoingMessage message)
    {
        _control.Enqueue(message);
        Signal();
    }

    public void EnqueueUpload(BlockRequest request, int limit, out bool accepted)
    {
        lock (_uploadLock)
        {
            accepted = _uploads.Count < limit;
            if (accepted)
            {
                _uploads.Add(request);
            }
        }

        if (accepted)
        {
            Signal();
        }
    }

    public bool CancelUpload(BlockRequest request)
    {
        lock (_uploadLock)
        {
            return _uploads.Remove(request);
        }
    }

    /// <summary>Drops queued uploads (on choke) and returns them, so the caller can reject them.</summary>
    public List<BlockRequest> ClearUploads(Func<BlockRequest, bool> keep)
    {
        lock (_uploadLock)
        {
            var dropped = _uploads.Where(r => !keep(r)).ToList();
            _uploads.RemoveAll(r => !keep(r));
            return dropped;
        }
    }

    public int PendingUploads
    {
        get
        {
            lock (_uploadLock)
            {
                return _uploads.Count;
            }
        }
    }

    /// <summary>Closes the connection once; the torrent is told with the reason.</summary>
    public void Close(string reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        CloseReason = reason;
        _cts.Cancel();
        try
        {
            _transport.Socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        try
        {
            _signal.Release();
        }
        catch (ObjectDisposedException)
        {
        }

        Torrent.OnPeerClosed(this, reason);
    }

    /// <summary>Releases the loop primitives; called once both loops have ended.</summary>
    public void Dispose()
    {
        _cts.Dispose();
        _signal.Dispose();
    }

    private void Signal()
    {
        if (Interlocked.Exchange(ref _signaled, 1) == 0 && !IsClosed)
        {
            try
            {
                _signal.Release();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private async Task ReadLoopAsync()
    {
        var reader = _transport.Reader;
        var token = _cts.Token;
        var limits = new WireLimits(Torrent.PieceCount);
        try
        {
            while (!token.IsCancellationRequested)
            {
                var result = await reader.ReadAsync(token);
                var buffer = result.Buffer;
                try
                {
                    while (Next(ref buffer, limits, out var message))
                    {
                        if (message.Id == MessageId.Piece)
                        {
                            var throttle = Torrent.ThrottleDownloadAsync(message.Length, token);
                            if (!throttle.IsCompletedSuccessfully)
                            {
                                await throttle;
                            }
                        }

                        Torrent.OnMessage(this, message);
                        if (IsClosed)
                        {
                            return;
                        }
                    }
                }
                finally
                {
                    reader.AdvanceTo(buffer.Start, buffer.End);
                }

                if (result.IsCompleted)
                {
                    Close("the peer closed the connection");
                    return;
                }
            }
        }
        catch (PeerProtocolException ex)
        {
            Close("protocol violation: " + ex.Message);
        }
        catch (OperationCanceledException)
        {
            Close("stopped");
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            Close("connection error: " + ex.Message);
        }
        catch (Exception ex)
        {
            Close("internal error: " + ex.Message);
            Torrent.Log(Sdk.Plugins.PluginLogLevel.Error, $"Peer {EndpointText}: unexpected error in the read loop.", ex);
        }
        finally
        {
            await LoopEndedAsync();
        }
    }

    private bool Next(ref System.Buffers.ReadOnlySequence<byte> buffer, WireLimits limits, out WireMessage message)
    {
        if (!MessageReader.TryRead(ref buffer, limits, out message))
        {
            return false;
        }

        LastReceivedAt = Torrent.Clock.GetTimestamp();
        return true;
    }

    private async Task WriteLoopAsync()
    {
        var writer = _transport.Writer;
        var token = _cts.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                await _signal.WaitAsync(token);
                Volatile.Write(ref _signaled, 0);
                var wrote = false;
                while (_control.TryDequeue(out var message))
                {
                    Write(writer, message);
                    wrote = true;
                }

                var served = 0;
                while (served < 8 && TryTakeUpload(out var request))
                {
                    if (!Torrent.MayServe(this, request))
                    {
                        continue;
                    }

                    var throttle = Torrent.ThrottleUploadAsync(request.Length, token);
                    if (!throttle.IsCompletedSuccessfully)
                    {
                        await throttle;
                    }

                    var span = writer.GetSpan(MessageWriter.PieceHeaderLength + request.Length);
                    MessageWriter.WritePieceHeader(span, request.Piece, request.Begin, request.Length);
                    if (!Torrent.ReadBlock(request, span.Slice(MessageWriter.PieceHeaderLength, request.Length)))
                    {
                        Close($"cannot read piece {request.Piece} from disk to serve it");
                        return;
                    }

                    writer.Advance(MessageWriter.PieceHeaderLength + request.Length);
                    Upload.Add(request.Length);
                    Torrent.OnBlockSent(this, request.Length);
                    served++;
                    wrote = true;
                }

                if (wrote)
                {
                    LastSentAt = Torrent.Clock.GetTimestamp();
                    var flush = await writer.FlushAsync(token);
                    if (flush.IsCompleted || flush.IsCanceled)
                    {
                        Close("the connection closed while sending");
                        return;
                    }
                }

                if (served > 0 && PendingUploads > 0)
                {
                    Signal();
                }
            }
        }
        catch (OperationCanceledException)
        {
            Close("stopped");
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            Close("connection error while sending: " + ex.Message);
        }
        catch (Exception ex)
        {
            Close("internal error while sending: " + ex.Message);
            Torrent.Log(Sdk.Plugins.PluginLogLevel.Error, $"Peer {EndpointText}: unexpected error in the write loop.", ex);
        }
        finally
        {
            await LoopEndedAsync();
        }
    }

    private bool TryTakeUpload(out BlockRequest request)
    {
        lock (_uploadLock)
        {
            if (_uploads.Count == 0)
            {
                request = default;
                return false;
            }

            request = _uploads[0];
            _uploads.RemoveAt(0);
            return true;
        }
    }

    private static void Write(System.IO.Pipelines.PipeWriter writer, in OutgoingMessage message)
    {
        switch (message.Id)
        {
            case MessageId.KeepAlive:
                MessageWriter.WriteKeepAlive(writer);
                break;
            case MessageId.Have or MessageId.Suggest or MessageId.AllowedFast:
                MessageWriter.WriteIndex(writer, message.Id, message.Index);
                break;
            case MessageId.Request or MessageId.Cancel or MessageId.Reject:
                MessageWriter.WriteBlock(writer, message.Id, message.Index, message.Begin, message.Length);
                break;
            case MessageId.Bitfield:
                MessageWriter.WriteBitfield(writer, message.Payload);
                break;
            case MessageId.Extended:
                MessageWriter.WriteExtended(writer, message.ExtendedId, message.Payload);
                break;
            default:
                MessageWriter.WriteSimple(writer, message.Id);
                break;
        }
    }

    private async Task LoopEndedAsync()
    {
        if (Interlocked.Decrement(ref _loopsRunning) == 0)
        {
            await _transport.DisposeAsync();
            Dispose();
            _completion.TrySetResult();
        }
    }
}
