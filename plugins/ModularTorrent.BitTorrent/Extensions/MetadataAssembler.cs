using System.Security.Cryptography;
using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.Extensions;

/// <summary>
/// Collects the ut_metadata pieces of one torrent (from any number of peers), then checks the SHA-1 against the
/// info-hash. A mismatch discards everything so the pieces are fetched again (ideally from other peers).
/// The size is bounded before any memory is allocated. Thread-safe.
/// </summary>
public sealed class MetadataAssembler
{
    private readonly byte[] _buffer;
    private readonly PieceState[] _pieces;
    private readonly DateTimeOffset[] _requestedAt;
    private readonly TimeSpan _requestTimeout;
    private readonly Lock _gate = new();
    private int _received;

    /// <summary>Prepares to collect <paramref name="totalSize"/> bytes of metadata for <paramref name="infoHash"/>.</summary>
    /// <param name="infoHash">What the finished dictionary must hash to.</param>
    /// <param name="totalSize">The peer's <c>metadata_size</c>.</param>
    /// <param name="maxSize">Largest size accepted.</param>
    /// <param name="requestTimeout">After this, a requested piece that never came may be requested again.</param>
    /// <exception cref="ExtensionProtocolException">The size is zero, negative or over <paramref name="maxSize"/>.</exception>
    public MetadataAssembler(InfoHash infoHash, long totalSize, int maxSize = MetadataCodec.DefaultMaxMetadataSize, TimeSpan? requestTimeout = null)
    {
        if (infoHash.IsEmpty)
        {
            throw new ArgumentException("The info-hash is empty.", nameof(infoHash));
        }

        if (totalSize <= 0 || totalSize > maxSize)
        {
            throw new ExtensionProtocolException($"metadata_size {totalSize} is outside 1..{maxSize}.");
        }

        InfoHash = infoHash;
        TotalSize = (int)totalSize;
        _buffer = new byte[TotalSize];
        _pieces = new PieceState[MetadataCodec.PieceCount(TotalSize)];
        _requestedAt = new DateTimeOffset[_pieces.Length];
        _requestTimeout = requestTimeout ?? TimeSpan.FromSeconds(20);
    }

    /// <summary>The torrent.</summary>
    public InfoHash InfoHash { get; }

    /// <summary>Bytes of metadata.</summary>
    public int TotalSize { get; }

    /// <summary>16 KiB pieces.</summary>
    public int PieceCount => _pieces.Length;

    /// <summary>Times the assembled bytes did not match the info-hash.</summary>
    public int HashFailures { get; private set; }

    /// <summary>
    /// The next piece to request at <paramref name="now"/> (marked requested), or null when every piece is received
    /// or requested recently.
    /// </summary>
    public int? NextRequest(DateTimeOffset now)
    {
        lock (_gate)
        {
            for (var i = 0; i < _pieces.Length; i++)
            {
                if (_pieces[i] == PieceState.Missing || (_pieces[i] == PieceState.Requested && now - _requestedAt[i] >= _requestTimeout))
                {
                    _pieces[i] = PieceState.Requested;
                    _requestedAt[i] = now;
                    return i;
                }
            }

            return null;
        }
    }

    /// <summary>The peer rejected <paramref name="piece"/>: it may be requested from someone else.</summary>
    public void Rejected(int piece)
    {
        lock (_gate)
        {
            if ((uint)piece < (uint)_pieces.Length && _pieces[piece] == PieceState.Requested)
            {
                _pieces[piece] = PieceState.Missing;
            }
        }
    }

    /// <summary>
    /// Stores a received piece. When it was the last one, verifies the SHA-1: on success returns the info dictionary
    /// in <paramref name="info"/>; on mismatch discards everything (see <see cref="HashFailures"/>).
    /// </summary>
    /// <returns>True when the metadata is complete and verified.</returns>
    /// <exception cref="ExtensionProtocolException">The piece index, its length or its total size does not fit this torrent.</exception>
    public bool Add(MetadataMessage message, out byte[]? info)
    {
        info = null;
        if (message.Type != MetadataMessageType.Data)
        {
            throw new ExtensionProtocolException("Only data messages carry metadata pieces.");
        }

        if (message.TotalSize != TotalSize)
        {
            throw new ExtensionProtocolException($"The peer's total_size {message.TotalSize} differs from the expected {TotalSize}.");
        }

        var piece = message.Piece;
        if ((uint)piece >= (uint)_pieces.Length)
        {
            throw new ExtensionProtocolException($"Metadata piece {piece} does not exist; there are {_pieces.Length}.");
        }

        var offset = piece * MetadataCodec.PieceSize;
        var length = Math.Min(MetadataCodec.PieceSize, TotalSize - offset);
        if (message.Data.Length != length)
        {
            throw new ExtensionProtocolException($"Metadata piece {piece} is {message.Data.Length} bytes; {length} expected.");
        }

        lock (_gate)
        {
            if (_pieces[piece] == PieceState.Received)
            {
                return false;
            }

            message.Data.Span.CopyTo(_buffer.AsSpan(offset));
            _pieces[piece] = PieceState.Received;
            if (++_received < _pieces.Length)
            {
                return false;
            }

            Span<byte> hash = stackalloc byte[20];
            SHA1.HashData(_buffer, hash);
            if (hash.SequenceEqual(InfoHash.AsSpan()))
            {
                info = (byte[])_buffer.Clone();
                return true;
            }

            HashFailures++;
            Array.Clear(_pieces);
            _received = 0;
            return false;
        }
    }

    private enum PieceState : byte
    {
        Missing,
        Requested,
        Received,
    }
}
