using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using ModularTorrent.BitTorrent.Extensions;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.Wire;

namespace ModularTorrent.BitTorrent.Tests.Support;

/// <summary>
/// A peer on 127.0.0.1 that claims a torrent and serves a forged info dictionary over ut_metadata (BEP 9): same size
/// as the real one, one byte flipped, so only the SHA-1 check can tell. It counts the connections and the metadata
/// pieces it sent, and never sends piece data.
/// </summary>
public sealed class LyingMetadataPeer : IAsyncDisposable
{
    private const byte OurMetadataId = 3;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly InfoHash _infoHash;
    private readonly byte[] _forged;
    private readonly CancellationTokenSource _cts = new();
    private readonly Task _loop;
    private int _connections;
    private int _piecesSent;

    public LyingMetadataPeer(TorrentMetainfo metainfo)
    {
        _infoHash = metainfo.InfoHash;
        _forged = metainfo.RawInfo.ToArray();
        _forged[_forged.Length / 2] ^= 0x20;
        _listener.Start();
        EndPoint = (IPEndPoint)_listener.LocalEndpoint;
        _loop = Task.Run(AcceptLoopAsync);
    }

    public IPEndPoint EndPoint { get; }

    public int Connections => Volatile.Read(ref _connections);

    public int PiecesSent => Volatile.Read(ref _piecesSent);

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
            reply[25] = 0x10; // BEP 10: extension protocol
            _infoHash.AsSpan().CopyTo(reply.AsSpan(28));
            "-XX0001-liarliarliar"u8.CopyTo(reply.AsSpan(48));
            await stream.WriteAsync(reply, token);
            var ours = new ExtensionHandshake
            {
                Extensions = new Dictionary<string, byte> { [ExtensionNames.UtMetadata] = OurMetadataId },
                MetadataSize = _forged.Length,
            };
            await stream.WriteAsync(Extended(0, ours.Encode()), token);

            byte theirMetadataId = 0;
            var header = new byte[4];
            while (!token.IsCancellationRequested)
            {
                await stream.ReadExactlyAsync(header, token);
                var length = BinaryPrimitives.ReadInt32BigEndian(header);
                if (length is <= 0 or > 1 << 20)
                {
                    continue;
                }

                var body = new byte[length];
                await stream.ReadExactlyAsync(body, token);
                if (body[0] != 20 || length < 2)
                {
                    continue;
                }

                if (body[1] == 0)
                {
                    var theirs = ExtensionHandshake.Parse(new System.Buffers.ReadOnlySequence<byte>(body.AsMemory(2)));
                    theirs.Extensions.TryGetValue(ExtensionNames.UtMetadata, out theirMetadataId);
                }
                else if (body[1] == OurMetadataId && theirMetadataId != 0)
                {
                    var request = MetadataCodec.Parse(body.AsMemory(2));
                    await stream.WriteAsync(Extended(theirMetadataId, MetadataCodec.EncodeData(_forged, request.Piece)), token);
                    Interlocked.Increment(ref _piecesSent);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException or EndOfStreamException)
        {
            // The engine hung up (as it should) or the test ended.
        }
    }

    private static byte[] Extended(byte id, byte[] payload)
    {
        var message = new byte[6 + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(message, 2 + payload.Length);
        message[4] = 20;
        message[5] = id;
        payload.CopyTo(message, 6);
        return message;
    }
}
