using System.Security.Cryptography;
using ModularTorrent.BitTorrent.Peers;

namespace ModularTorrent.BitTorrent.Pieces;

/// <summary>
/// A piece being downloaded: per-block request/receive state (guarded by the torrent lock) and the
/// write/hash progress (guarded by <see cref="WriteLock"/>). Blocks are written to disk as they arrive;
/// the SHA-1 advances over the contiguous prefix, so in-order arrival hashes straight from the socket buffer.
/// </summary>
internal sealed class PieceDownload : IDisposable
{
    public const int BlockSize = 16 * 1024;

    public PieceDownload(int index, int length)
    {
        Index = index;
        Length = length;
        BlockCount = (length + BlockSize - 1) / BlockSize;
        Requests = new byte[BlockCount];
        Received = new bool[BlockCount];
        Written = new bool[BlockCount];
        Sources = new PeerConnection?[BlockCount];
    }

    public int Index { get; }

    public int Length { get; }

    public int BlockCount { get; }

    // Torrent lock.
    public byte[] Requests { get; }

    public bool[] Received { get; }

    public PeerConnection?[] Sources { get; }

    public int ReceivedCount { get; set; }

    public int NextUnrequestedHint { get; set; }

    /// <summary>The only peer allowed to fill this piece (set when a peer on parole started it).</summary>
    public IRequestingPeer? Owner { get; set; }

    // WriteLock.
    public Lock WriteLock { get; } = new();

    public bool[] Written { get; }

    public int WrittenCount { get; set; }

    public int HashedBlocks { get; set; }

    public bool Abandoned { get; set; }

    public IncrementalHash Hasher { get; } = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);

    public int BlockLength(int block) => block == BlockCount - 1 ? Length - (block * BlockSize) : BlockSize;

    /// <summary>First block nobody has been asked for, or -1.</summary>
    public int FindUnrequested()
    {
        for (var b = NextUnrequestedHint; b < BlockCount; b++)
        {
            if (Requests[b] == 0 && !Received[b])
            {
                NextUnrequestedHint = b;
                return b;
            }
        }

        NextUnrequestedHint = BlockCount;
        return -1;
    }

    public void Dispose() => Hasher.Dispose();
}
