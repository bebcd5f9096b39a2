using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using System.Text;

namespace ModularTorrent.Cli.Remote;

/// <summary>
/// The host's event WebSocket (<c>/api/v1/events</c>), filtered to transfer events of the given
/// torrents. Messages are read whole into one reused buffer fed from a pooled receive buffer.
/// </summary>
public sealed class EventStream : IAsyncDisposable
{
    // A snapshot of the largest page of torrents is far below this; a bigger message is not the API.
    private const int MaxMessage = 16 * 1024 * 1024;

    private readonly ClientWebSocket _socket;
    private readonly ArrayBufferWriter<byte> _message = new(16 * 1024);

    private EventStream(ClientWebSocket socket) => _socket = socket;

    /// <summary>The stream's address for a host and torrents.</summary>
    /// <param name="connection">The host.</param>
    /// <param name="ids">The info-hashes to receive events of.</param>
    public static Uri Address(RemoteConnection connection, IEnumerable<string> ids)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var builder = new UriBuilder(new Uri(connection.BaseAddress, "api/v1/events"))
        {
            Scheme = connection.BaseAddress.Scheme == "https" ? "wss" : "ws",
            Query = "types=transfer&infoHash=" + Uri.EscapeDataString(string.Join(',', ids)),
        };
        return builder.Uri;
    }

    /// <summary>Connects, presenting the key in <c>X-Api-Key</c>.</summary>
    /// <param name="connection">The host and key.</param>
    /// <param name="ids">The info-hashes to receive events of.</param>
    /// <param name="cancellationToken">Deadline and Ctrl+C.</param>
    /// <exception cref="CliException">The host is unreachable or refuses the key.</exception>
    public static async Task<EventStream> ConnectAsync(RemoteConnection connection, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(20);
        if (connection.Key is { } key)
        {
            socket.Options.SetRequestHeader("X-Api-Key", key);
        }

        try
        {
            await socket.ConnectAsync(Address(connection, ids), cancellationToken);
            return new EventStream(socket);
        }
        catch (WebSocketException ex)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            throw status switch
            {
                HttpStatusCode.Unauthorized => new CliException(ExitCodes.TransferFailed, "Unauthorized: the host refused the API key for the event stream. Give a valid API key with --key or MT_API_KEY."),
                HttpStatusCode.Forbidden => new CliException(ExitCodes.TransferFailed, "Forbidden: the API key may not read the event stream."),
                0 => MtApiClient.Unreachable(connection, ex),
                _ => new CliException(ExitCodes.TransferFailed, $"the host at {connection.Display} refused the event stream ({(int)status} {status})."),
            };
        }
        catch (HttpRequestException ex)
        {
            socket.Dispose();
            throw MtApiClient.Unreachable(connection, ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Receives the next whole text message.</summary>
    /// <param name="cancellationToken">Deadline and Ctrl+C.</param>
    /// <returns>The message (valid until the next call), or null when the host closed the stream.</returns>
    public async Task<ReadOnlyMemory<byte>?> ReceiveAsync(CancellationToken cancellationToken)
    {
        _message.ResetWrittenCount();
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (true)
            {
                ValueWebSocketReceiveResult result;
                try
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
                }
                catch (WebSocketException)
                {
                    return null; // the host went away: the caller says so in one line
                }

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                if (_message.WrittenCount + result.Count > MaxMessage)
                {
                    throw new CliException(ExitCodes.TransferFailed, "the event stream sent a message larger than 16 MiB; it is not the ModularTorrent API.");
                }

                _message.Write(buffer.AsSpan(0, result.Count));
                if (result.EndOfMessage)
                {
                    return result.MessageType == WebSocketMessageType.Text ? _message.WrittenMemory : ReadOnlyMemory<byte>.Empty;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Describes a message for error output.</summary>
    /// <param name="message">The message.</param>
    public static string Preview(ReadOnlyMemory<byte> message) =>
        Encoding.UTF8.GetString(message.Span[..Math.Min(message.Length, 120)]);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // Closing is best effort; the process is ending.
            }
        }

        _socket.Dispose();
    }
}
