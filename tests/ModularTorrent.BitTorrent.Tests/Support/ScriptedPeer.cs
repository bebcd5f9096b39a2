using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.Tests.Support;

/// <summary>
/// A hand-written peer on 127.0.0.1 for hostile-peer tests: it accepts every connection, answers the BEP 3 handshake
/// for one torrent, then runs <see cref="ServeAsync"/> until the engine hangs up or the test ends.
/// </summary>
public abstract class ScriptedPeer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _cts = new();
    private readonly InfoHash _infoHash;
    private readonly byte[] _peerId;
    private readonly bool _extensions;
    private Task _loop = Task.CompletedTask;
    private int _connections;

    /// <param name="infoHash">The torrent it claims.</param>
    /// <param name="peerId">Its 20-byte peer id.</param>
    /// <param name="extensions">Whether its handshake sets the BEP 10 extension bit.</param>
    protected ScriptedPeer(InfoHash infoHash, ReadOnlySpan<byte> peerId, bool extensions)
    {
        _infoHash = infoHash;
        _peerId = peerId.ToArray();
        _extensions = extensions;
        _listener.Start();
        EndPoint = (IPEndPoint)_listener.LocalEndpoint;
    }

    public IPEndPoint EndPoint { get; }

    public int Connections => Volatile.Read(ref _connections);

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        _listener.Stop();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _cts.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>A length-prefixed wire message.</summary>
    protected static byte[] Message(byte id, ReadOnlySpan<byte> payload)
    {
        var message = new byte[5 + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(message, 1 + payload.Length);
        message[4] = id;
        payload.CopyTo(message.AsSpan(5));
        return message;
    }

    /// <summary>Reads one length-prefixed message body (id and payload); null for a keep-alive.</summary>
    protected static async Task<byte[]?> ReadMessageAsync(Stream stream, CancellationToken token)
    {
        var header = new byte[4];
        await stream.ReadExactlyAsync(header, token);
        var length = BinaryPrimitives.ReadInt32BigEndian(header);
        if (length is < 0 or > 1 << 20)
        {
            throw new IOException($"A {length}-byte message from the engine.");
        }

        if (length == 0)
        {
            return null;
        }

        var body = new byte[length];
        await stream.ReadExactlyAsync(body, token);
        return body;
    }

    /// <summary>Starts accepting; derived constructors call it last, once their own fields are set.</summary>
    protected void StartAccepting() => _loop = Task.Run(AcceptLoopAsync);

    /// <summary>What the peer does after the handshake.</summary>
    protected abstract Task ServeAsync(NetworkStream stream, CancellationToken token);

    private async Task AcceptLoopAsync()
    {
        while (!_cts.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_cts.Token);
            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => RunAsync(client));
        }
    }

    private async Task RunAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var token = _cts.Token;
        try
        {
            var handshake = new byte[68];
            await stream.ReadExactlyAsync(handshake, token);
            var reply = new byte[68];
            handshake.AsSpan(0, 20).CopyTo(reply);
            reply[25] = _extensions ? (byte)0x10 : (byte)0;
            _infoHash.AsSpan().CopyTo(reply.AsSpan(28));
            _peerId.CopyTo(reply.AsSpan(48));
            await stream.WriteAsync(reply, token);
            await ServeAsync(stream, token);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException or EndOfStreamException)
        {
            // The engine hung up (as it should with a hostile peer) or the test ended.
        }
    }
}
