using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging.Abstractions;
using ModularTorrent.Host.Realtime;
using ModularTorrent.Runtime.Events;
using ModularTorrent.Sdk.Events;

namespace ModularTorrent.Host.Tests.Api;

/// <summary>A WebSocket client that stops reading: the publisher never waits, the client later gets a resync and a fresh snapshot.</summary>
public sealed class SlowClientTests
{
    [Fact]
    public async Task A_client_that_cannot_keep_up_gets_resync_and_a_snapshot_while_publishing_never_blocks()
    {
        var hub = new EventHub();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var clientTcp = new TcpClient();
        await clientTcp.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        using var serverTcp = await listener.AcceptTcpClientAsync();
        serverTcp.SendBufferSize = 16 * 1024;
        clientTcp.ReceiveBufferSize = 16 * 1024;
        using var serverSocket = WebSocket.CreateFromStream(serverTcp.GetStream(), new WebSocketCreationOptions { IsServer = true });
        using var clientSocket = WebSocket.CreateFromStream(clientTcp.GetStream(), new WebSocketCreationOptions { IsServer = false });
        var snapshots = 0;
        var filter = EventStreamFilter.Parse(new Microsoft.AspNetCore.Http.QueryCollection());
        var session = new EventStreamSession(serverSocket, hub, filter, NullLogger.Instance);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var running = session.RunAsync(
            (_, sequence) =>
            {
                Interlocked.Increment(ref snapshots);
                return [EventJson.Control(sequence, "snapshot")];
            },
            stop.Token);

        // The client reads nothing while 20,000 events of ~1 KB are published: far more than socket buffers and the queue hold.
        var padding = new string('x', 1000);
        for (var i = 0; i < 20_000; i++)
        {
            hub.Publish(new PluginEvent("test", "tick", new Dictionary<string, string> { ["i"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture), ["pad"] = padding }) { Timestamp = DateTimeOffset.UnixEpoch });
        }

        // Every publish returned although the client has not read one byte: the engine never waits for a socket.
        var sawResync = false;
        var sawSnapshotAfterResync = false;
        long lastSeq = 0;
        while (!sawSnapshotAfterResync)
        {
            var message = await EventStreamTests.ReceiveAsync(clientSocket, stop.Token);
            var type = message.GetProperty("type").GetString();
            var seq = message.GetProperty("seq").GetInt64();
            Assert.True(seq >= lastSeq, "sequence numbers never go back");
            lastSeq = seq;
            if (type == "resync")
            {
                sawResync = true;
            }
            else if (type == "snapshot" && sawResync)
            {
                sawSnapshotAfterResync = true;
            }
        }

        Assert.True(sawResync);
        Assert.True(snapshots >= 2, "one snapshot on connect and one after each resync");
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
