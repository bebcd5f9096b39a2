using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.Tests.Support;

/// <summary>
/// A tiny hostile seeder: a correct BEP 3 handshake, a full bitfield, an unchoke, and then garbage for
/// every block requested. Speaks just enough of the protocol to be believed.
/// </summary>
public sealed class MaliciousPeer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly TorrentMetainfo _metainfo;
    private readonly CancellationTokenSource _cts = new();
    private readonly Task _loop;
    private int _connections;
    private int _blocksSent;

    public MaliciousPeer(TorrentMetainfo metainfo)
    {
        _metainfo = metainfo;
        _listener.Start();
        EndPoint = (IPEndPoint)_listener.LocalEndpoint;
        _loop = Task.Run(AcceptLoopAsync);
    }

    public IPEndPoint EndPoint { get; }

    public int Connections => Volatile.Read(ref _connections);

    public int BlocksSent => Volatile.Read(ref _blocksSent);

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        _listener.Stop();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _cts.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_cts.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_cts.Token);
            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
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
            _metainfo.InfoHash.AsSpan().CopyTo(reply.AsSpan(28));
            "-XX0001-badbadbadbad"u8.CopyTo(reply.AsSpan(48));
            await stream.WriteAsync(reply, token);

            var bitfield = new byte[(_metainfo.PieceCount + 7) / 8];
            for (var i = 0; i < _metainfo.PieceCount; i++)
            {
                bitfield[i >> 3] |= (byte)(0x80 >> (i & 7));
            }

            await stream.WriteAsync(Message(5, bitfield), token);
            await stream.WriteAsync(Message(1, []), token);
            var header = new byte[4];
            var random = new Random(666);
            while (!token.IsCancellationRequested)
            {
                await stream.ReadExactlyAsync(header, token);
                var length = BinaryPrimitives.ReadInt32BigEndian(header);
                if (length == 0)
                {
                    continue;
                }

                var body = new byte[length];
                await stream.ReadExactlyAsync(body, token);
                if (body[0] != 6)
                {
                    continue;
                }

                var index = BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(1));
                var begin = BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(5));
                var blockLength = BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(9));
                var piece = new byte[8 + blockLength];
                BinaryPrimitives.WriteInt32BigEndian(piece, index);
                BinaryPrimitives.WriteInt32BigEndian(piece.AsSpan(4), begin);
                random.NextBytes(piece.AsSpan(8));
                await stream.WriteAsync(Message(7, piece), token);
                Interlocked.Increment(ref _blocksSent);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException or EndOfStreamException)
        {
        }
    }

    private static byte[] Message(byte id, ReadOnlySpan<byte> payload)
    {
        var message = new byte[5 + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(message, 1 + payload.Length);
        message[4] = id;
        payload.CopyTo(message.AsSpan(5));
        return message;
    }
}
