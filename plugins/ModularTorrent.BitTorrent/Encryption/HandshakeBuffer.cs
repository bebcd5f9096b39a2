using System.Buffers;

namespace ModularTorrent.BitTorrent.Encryption;

/// <summary>
/// Read-ahead buffer for the MSE handshake: lets the handshake wait for exact byte counts and scan for a
/// synchronisation pattern, never asking the socket for more than the remote has reason to send. The buffer is
/// pooled: copy out anything that must outlive <see cref="Dispose"/>.
/// </summary>
internal sealed class HandshakeBuffer(Stream stream, int capacity) : IDisposable
{
    private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(capacity);
    private int _start;
    private int _end;

    public int Available => _end - _start;

    public Span<byte> Data => _buffer.AsSpan(_start, _end - _start);

    public ReadOnlyMemory<byte> Leftover => _buffer.AsMemory(_start, _end - _start);

    /// <summary>Waits until at least <paramref name="count"/> bytes are buffered.</summary>
    public async ValueTask FillAsync(int count, CancellationToken cancellationToken)
    {
        if (Available >= count)
        {
            return;
        }

        if (_start + count > _buffer.Length)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, Available);
            _end -= _start;
            _start = 0;
        }

        if (count > _buffer.Length)
        {
            throw new MseException(MseError.BadLength, $"The handshake needs {count} bytes buffered, more than its {_buffer.Length}-byte limit.");
        }

        while (Available < count)
        {
            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
            {
                throw new MseException(MseError.ConnectionClosed, $"The remote closed the connection during the MSE handshake ({Available} of {count} bytes received).");
            }

            _end += read;
        }
    }

    /// <summary>Removes <paramref name="count"/> bytes from the front and returns them (valid until the next fill).</summary>
    public Span<byte> Take(int count)
    {
        var span = _buffer.AsSpan(_start, count);
        _start += count;
        return span;
    }

    /// <summary>
    /// Finds <paramref name="pattern"/> starting within the next <paramref name="maxSkip"/> + 1 positions and consumes
    /// everything up to and including it. False when it is not there.
    /// </summary>
    public async ValueTask<bool> SynchronizeAsync(ReadOnlyMemory<byte> pattern, int maxSkip, CancellationToken cancellationToken)
    {
        var needed = pattern.Length;
        while (true)
        {
            await FillAsync(needed, cancellationToken);
            var index = Data.IndexOf(pattern.Span);
            if (index >= 0 && index <= maxSkip)
            {
                Take(index + pattern.Length);
                return true;
            }

            if (Available >= maxSkip + pattern.Length)
            {
                return false;
            }

            // Ask for one byte more than we have: the remote may have sent exactly what precedes its wait.
            needed = Available + 1;
        }
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);
}
