using System.Buffers;

namespace ModularTorrent.BitTorrent.Encryption;

/// <summary>
/// The stream a peer connection runs on after the MSE handshake: replays bytes the handshake read ahead, then
/// decrypts reads and encrypts writes with RC4 (or passes them through for plaintext).
/// Reads and writes may run concurrently with each other (one reader, one writer), as on a socket.
/// </summary>
public sealed class MseStream : Stream
{
    private const int WriteChunk = 64 * 1024;
    private readonly Stream _inner;
    private readonly Rc4? _decryptor;
    private readonly Rc4? _encryptor;
    private ReadOnlyMemory<byte> _prefix;

    /// <summary>Wraps <paramref name="inner"/>; <paramref name="prefix"/> is already-plain data returned before the inner stream's.</summary>
    /// <param name="inner">The connected transport.</param>
    /// <param name="decryptor">Cipher for incoming bytes, or null for plaintext.</param>
    /// <param name="encryptor">Cipher for outgoing bytes, or null for plaintext.</param>
    /// <param name="prefix">Plain bytes read ahead during the handshake.</param>
    public MseStream(Stream inner, Rc4? decryptor, Rc4? encryptor, ReadOnlyMemory<byte> prefix)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _decryptor = decryptor;
        _encryptor = encryptor;
        _prefix = prefix;
    }

    /// <summary>The transport underneath.</summary>
    public Stream InnerStream => _inner;

    /// <summary>Whether the payload is RC4-encrypted; false when MSE only obfuscated the handshake (plaintext crypto).</summary>
    public bool EncryptsPayload => _encryptor is not null;

    /// <inheritdoc />
    public override bool CanRead => _inner.CanRead;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => _inner.CanWrite;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <inheritdoc />
    public override void Flush() => _inner.Flush();

    /// <inheritdoc />
    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        if (TakePrefix(buffer) is var taken and > 0)
        {
            return taken;
        }

        var read = _inner.Read(buffer);
        _decryptor?.Transform(buffer[..read]);
        return read;
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (TakePrefix(buffer.Span) is var taken and > 0)
        {
            return taken;
        }

        var read = await _inner.ReadAsync(buffer, cancellationToken);
        _decryptor?.Transform(buffer.Span[..read]);
        return read;
    }

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_encryptor is null)
        {
            _inner.Write(buffer);
            return;
        }

        var rented = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length, WriteChunk));
        try
        {
            while (!buffer.IsEmpty)
            {
                var chunk = Math.Min(buffer.Length, rented.Length);
                _encryptor.Transform(buffer[..chunk], rented);
                _inner.Write(rented, 0, chunk);
                buffer = buffer[chunk..];
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_encryptor is null)
        {
            await _inner.WriteAsync(buffer, cancellationToken);
            return;
        }

        var rented = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length, WriteChunk));
        try
        {
            while (!buffer.IsEmpty)
            {
                var chunk = Math.Min(buffer.Length, rented.Length);

                // The key stream advances here, before the await: a cancelled write leaves the stream unusable,
                // which is what a cancelled socket write means anyway.
                _encryptor.Transform(buffer.Span[..chunk], rented);
                await _inner.WriteAsync(rented.AsMemory(0, chunk), cancellationToken);
                buffer = buffer[chunk..];
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int TakePrefix(Span<byte> buffer)
    {
        if (_prefix.IsEmpty || buffer.IsEmpty)
        {
            return 0;
        }

        var count = Math.Min(buffer.Length, _prefix.Length);
        _prefix.Span[..count].CopyTo(buffer);
        _prefix = _prefix[count..];
        return count;
    }
}
