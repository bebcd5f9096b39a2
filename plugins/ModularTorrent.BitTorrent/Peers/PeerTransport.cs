using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace ModularTorrent.BitTorrent.Peers;

/// <summary>An open TCP connection with its pipes; the unit handed from the listener or dialer to a torrent.</summary>
internal sealed class PeerTransport : IAsyncDisposable
{
    private int _disposed;

    public PeerTransport(Socket socket)
        : this(socket, null)
    {
    }

    /// <summary>Wraps a connected socket; <paramref name="stream"/> replaces the plain socket stream (for example an encrypted one).</summary>
    public PeerTransport(Socket socket, Stream? stream)
    {
        Socket = socket;
        socket.NoDelay = true;
        RemoteEndPoint = (IPEndPoint)socket.RemoteEndPoint!;
        Stream = stream ?? new NetworkStream(socket, ownsSocket: true);

        // Large segments keep a 16 KiB block in one or two segments, so it is written with few syscalls.
        Reader = PipeReader.Create(Stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));
        Writer = PipeWriter.Create(Stream, new StreamPipeWriterOptions(minimumBufferSize: 64 * 1024, leaveOpen: true));
    }

    public Socket Socket { get; }

    public Stream Stream { get; }

    public PipeReader Reader { get; }

    public PipeWriter Writer { get; }

    public IPEndPoint RemoteEndPoint { get; }

    public static Task<PeerTransport> ConnectAsync(IPEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken) =>
        ConnectAsync(endPoint, timeout, null, cancellationToken);

    /// <summary>Connects; <paramref name="wrap"/> may replace the socket stream first (an MSE handshake does).</summary>
    public static async Task<PeerTransport> ConnectAsync(
        IPEndPoint endPoint, TimeSpan timeout, Func<NetworkStream, CancellationToken, Task<Stream>>? wrap, CancellationToken cancellationToken)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(timeout);
            await socket.ConnectAsync(endPoint, cts.Token);
            if (wrap is null)
            {
                return new PeerTransport(socket);
            }

            var plain = new NetworkStream(socket, ownsSocket: true);
            try
            {
                return new PeerTransport(socket, await wrap(plain, cts.Token));
            }
            catch
            {
                await plain.DisposeAsync();
                throw;
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes (handshake parts) and consumes them.</summary>
    public async Task<byte[]> ReadExactAsync(int count, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await Reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (buffer.Length >= count)
            {
                var bytes = new byte[count];
                buffer.Slice(0, count).CopyTo(bytes);
                Reader.AdvanceTo(buffer.GetPosition(count));
                return bytes;
            }

            if (result.IsCompleted)
            {
                throw new IOException("The peer closed the connection during the handshake.");
            }

            Reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    public async Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        await Writer.WriteAsync(data, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            Socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        await Reader.CompleteAsync();
        await Writer.CompleteAsync();
        await Stream.DisposeAsync();
        Socket.Dispose();
    }
}
