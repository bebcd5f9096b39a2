using System.Buffers.Binary;
using System.Net.Sockets;
using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.Tests.Support;

/// <summary>
/// A tiny hostile seeder: a correct BEP 3 handshake, a full bitfield, an unchoke, and then garbage for
/// every block requested. Speaks just enough of the protocol to be believed.
/// </summary>
public sealed class MaliciousPeer : ScriptedPeer
{
    private readonly TorrentMetainfo _metainfo;
    private int _blocksSent;

    public MaliciousPeer(TorrentMetainfo metainfo)
        : base(metainfo.InfoHash, "-XX0001-badbadbadbad"u8, extensions: false)
    {
        _metainfo = metainfo;
        StartAccepting();
    }

    public int BlocksSent => Volatile.Read(ref _blocksSent);

    protected override async Task ServeAsync(NetworkStream stream, CancellationToken token)
    {
        var bitfield = new byte[(_metainfo.PieceCount + 7) / 8];
        for (var i = 0; i < _metainfo.PieceCount; i++)
        {
            bitfield[i >> 3] |= (byte)(0x80 >> (i & 7));
        }

        await stream.WriteAsync(Message(5, bitfield), token);
        await stream.WriteAsync(Message(1, []), token);
        var random = new Random(666);
        while (!token.IsCancellationRequested)
        {
            if (await ReadMessageAsync(stream, token) is not { } body || body[0] != 6)
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
}
