using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using ModularTorrent.Host.Tests.Support;

namespace ModularTorrent.Host.Tests.Api;

public sealed class EventStreamTests
{
    [Fact]
    public async Task Plugin_events_stream_over_the_websocket_with_increasing_sequence_numbers()
    {
        using var factory = new HostFactory();
        Probe.Install(factory.PluginsDirectory, "1");
        using var client = factory.CreateClient();
        var ws = factory.CreateAuthorizedWebSocketClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var socket = await ws.ConnectAsync(new Uri(factory.Server.BaseAddress, "/api/v1/events?types=plugin"), timeout.Token);

        var hello = await ReceiveAsync(socket, timeout.Token);
        Assert.Equal("hello", hello.GetProperty("type").GetString());
        var snapshot = await ReceiveAsync(socket, timeout.Token);
        Assert.Equal("snapshot", snapshot.GetProperty("type").GetString());
        Assert.Equal(0, snapshot.GetProperty("torrents").GetArrayLength());
        (await client.PostAsync($"/api/v1/plugins/{Probe.Id}/reload", null)).EnsureSuccessStatusCode();

        var states = new List<(long Seq, string State)>();
        while (states.Count < 2)
        {
            var message = await ReceiveAsync(socket, timeout.Token);
            Assert.Equal("plugin.state", message.GetProperty("type").GetString());
            Assert.Equal(Probe.Id, message.GetProperty("pluginId").GetString());
            states.Add((message.GetProperty("seq").GetInt64(), message.GetProperty("state").GetString()!));
        }

        Assert.Equal(["unloaded", "loaded"], states.Select(s => s.State));
        Assert.True(states[1].Seq > states[0].Seq);
    }

    [Fact]
    public async Task A_plain_http_request_to_the_event_stream_is_a_problem()
    {
        using var factory = new HostFactory();
        using var client = factory.CreateClient();

        var response = await client.GetAsync("/api/v1/events");

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
    }

    internal static async Task<JsonElement> ReceiveAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cancellationToken);
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        return JsonDocument.Parse(Encoding.UTF8.GetString(message.ToArray())).RootElement.Clone();
    }
}
