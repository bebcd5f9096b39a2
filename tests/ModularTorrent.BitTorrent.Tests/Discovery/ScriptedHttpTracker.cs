using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ModularTorrent.BitTorrent.Tests.Discovery;

/// <summary>What the scripted HTTP tracker does with one request.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Body">The body.</param>
/// <param name="Drop">Close the connection without answering.</param>
/// <param name="Delay">Wait this long before answering (to provoke client timeouts).</param>
public sealed record HttpReply(int Status, byte[] Body, bool Drop = false, TimeSpan Delay = default)
{
    public static HttpReply Ok(string bencoded) => new(200, Encoding.Latin1.GetBytes(bencoded));

    public static HttpReply Ok(byte[] body) => new(200, body);
}

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 whose answers a test scripts. It records the raw request
/// targets so tests can check the exact bytes a client put on the wire.
/// </summary>
public sealed class ScriptedHttpTracker : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<string, HttpReply> _handler;
    private readonly Task _acceptLoop;

    public ScriptedHttpTracker(Func<string, HttpReply> handler)
    {
        _handler = handler;
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string AnnounceUrl => $"http://127.0.0.1:{Port}/announce";

    public ConcurrentQueue<string> Targets { get; } = new();

    /// <summary>The raw request heads (request line and headers).</summary>
    public ConcurrentQueue<string> Heads { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            var stream = client.GetStream();
            var head = new StringBuilder();
            var buffer = new byte[4096];
            while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal) && head.Length < 16 * 1024)
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    return;
                }

                head.Append(Encoding.Latin1.GetString(buffer, 0, read));
            }

            var requestLine = head.ToString()[..head.ToString().IndexOf("\r\n", StringComparison.Ordinal)];
            var target = requestLine.Split(' ')[1];
            Heads.Enqueue(head.ToString());
            Targets.Enqueue(target);
            var reply = _handler(target);
            if (reply.Delay > TimeSpan.Zero)
            {
                await Task.Delay(reply.Delay, timeout.Token);
            }

            if (reply.Drop)
            {
                client.Client.Close(0);
                return;
            }

            var header = $"HTTP/1.1 {reply.Status} Scripted\r\nContent-Type: text/plain\r\nContent-Length: {reply.Body.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(header), timeout.Token);
            await stream.WriteAsync(reply.Body, timeout.Token);
        }
        catch (Exception) when (timeout.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
        }
    }
}
