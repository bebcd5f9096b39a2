using System.Buffers;
using System.Net.Sockets;
using ModularTorrent.BitTorrent.Extensions;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.Wire;

namespace ModularTorrent.BitTorrent.Tests.Support;

/// <summary>
/// A peer that claims a torrent and serves a forged info dictionary over ut_metadata (BEP 9): same size as the real
/// one, one byte flipped, so only the SHA-1 check can tell. It never sends piece data.
/// </summary>
public sealed class LyingMetadataPeer : ScriptedPeer
{
    private const byte OurMetadataId = 3;
    private const byte Extended = 20;
    private readonly byte[] _forged;
    private int _piecesSent;

    public LyingMetadataPeer(TorrentMetainfo metainfo)
        : base(metainfo.InfoHash, "-XX0001-liarliarliar"u8, extensions: true)
    {
        _forged = metainfo.RawInfo.ToArray();
        _forged[_forged.Length / 2] ^= 0x20;
        StartAccepting();
    }

    public int PiecesSent => Volatile.Read(ref _piecesSent);

    protected override async Task ServeAsync(NetworkStream stream, CancellationToken token)
    {
        var ours = new ExtensionHandshake
        {
            Extensions = new Dictionary<string, byte> { [ExtensionNames.UtMetadata] = OurMetadataId },
            MetadataSize = _forged.Length,
        };
        await stream.WriteAsync(Message(Extended, [0, .. ours.Encode()]), token);

        byte theirMetadataId = 0;
        while (!token.IsCancellationRequested)
        {
            if (await ReadMessageAsync(stream, token) is not { Length: >= 2 } body || body[0] != Extended)
            {
                continue;
            }

            if (body[1] == 0)
            {
                ExtensionHandshake.Parse(new ReadOnlySequence<byte>(body.AsMemory(2))).Extensions.TryGetValue(ExtensionNames.UtMetadata, out theirMetadataId);
            }
            else if (body[1] == OurMetadataId && theirMetadataId != 0)
            {
                var request = MetadataCodec.Parse(body.AsMemory(2));
                await stream.WriteAsync(Message(Extended, [theirMetadataId, .. MetadataCodec.EncodeData(_forged, request.Piece)]), token);
                Interlocked.Increment(ref _piecesSent);
            }
        }
    }
}
