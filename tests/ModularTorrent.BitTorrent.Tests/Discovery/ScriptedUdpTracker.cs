using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ModularTorrent.BitTorrent.Tests.Discovery;

/// <summary>
/// A UDP endpoint on 127.0.0.1 whose answers a test scripts: the handler sees each datagram with its
/// sequence number and returns the datagrams to send back (none to simulate loss).
/// </summary>
public sealed class ScriptedUdpTracker : IAsyncDisposable
{
    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<byte[], int, byte[][]> _handler;
    private readonly Task _loop;
    private int _count;

    public ScriptedUdpTracker(Func<byte[], int, byte[][]> handler)
    {
        _handler = handler;
        _loop = RunAsync();
    }

    public int Port => ((IPEndPoint)_socket.Client.LocalEndPoint!).Port;

    public string AnnounceUrl => $"udp://127.0.0.1:{Port}/announce";

    public ConcurrentQueue<(byte[] Datagram, DateTime At)> Received { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult received;
            try
            {
                received = await _socket.ReceiveAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // ICMP noise from a client that went away
            }

            Received.Enqueue((received.Buffer, DateTime.UtcNow));
            foreach (var reply in _handler(received.Buffer, Interlocked.Increment(ref _count) - 1))
            {
                await _socket.SendAsync(reply, received.RemoteEndPoint, _stop.Token);
            }
        }
    }
}
