using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModularTorrent.Arc.Tests.Server;
using ModularTorrent.Arc.Tracking;

namespace ModularTorrent.Arc.Tests;

public sealed class TrackingTests
{
    [Fact]
    public async Task Polling_follows_a_transaction_to_mined_and_publishes_each_change()
    {
        await using var server = await ArcTestServer.StartAsync();
        var events = new RecordingEventSink();
        var options = new ArcClientOptions { Endpoints = [TestData.Endpoint("s", server.BaseUrl)], PollInterval = TimeSpan.FromMilliseconds(50) };
        await using var client = new ArcBroadcaster(options, events: events);
        await client.StartAsync();
        var tx = TestData.NewTx();
        await client.SubmitAsync(tx).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(1, client.TrackedCount);
        Assert.Equal("SEEN_ON_NETWORK", client.TrackedStatus(tx.Txid));
        server.Statuses[tx.Txid] = "MINED";
        await Poll.UntilAsync(() => client.TrackedCount == 0, TimeSpan.FromSeconds(10), "tracking to end at MINED");
        var statuses = events.StatusesOf(tx.Txid).Select(e => e.Status).ToList();
        Assert.Equal(["SEEN_ON_NETWORK", "MINED"], statuses);
        Assert.All(events.StatusesOf(tx.Txid), e => Assert.Equal("s", e.Endpoint));
    }

    [Fact]
    public async Task Callbacks_through_a_real_route_update_status_and_wrong_tokens_are_refused()
    {
        await using var server = await ArcTestServer.StartAsync();
        var events = new RecordingEventSink();
        ArcBroadcaster? client = null;
        await using var host = await CallbackHostAsync(() => client!);
        var options = new ArcClientOptions
        {
            Endpoints = [TestData.Endpoint("s", server.BaseUrl)],
            CallbackUrl = new Uri(host.Url, "/arc/callback"),
            CallbackToken = "secret-token",
            PollInterval = TimeSpan.FromHours(1),
        };
        client = new ArcBroadcaster(options, events: events);
        await using var _ = client;
        await client.StartAsync();
        var tx = TestData.NewTx();
        await client.SubmitAsync(tx).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(401, await server.PushStatusAsync(tx.Txid, "MINED", tokenOverride: "wrong"));
        Assert.Equal("SEEN_ON_NETWORK", client.TrackedStatus(tx.Txid));

        Assert.Equal(200, await server.PushStatusAsync(tx.Txid, "MINED"));
        Assert.Equal(0, client.TrackedCount);
        Assert.Equal(["SEEN_ON_NETWORK", "MINED"], events.StatusesOf(tx.Txid).Select(e => e.Status).ToList());
    }

    [Fact]
    public async Task Callback_bodies_are_checked()
    {
        var options = new ArcClientOptions { CallbackUrl = new Uri("http://127.0.0.1/cb"), CallbackToken = "t" };
        var events = new RecordingEventSink();
        await using var client = new ArcBroadcaster(options, events: events);
        var batch = TestData.Vectors("bsv/arc_api_examples.json")["batchedCallbackExample"]!["value"]!.ToJsonString();
        Assert.Equal(ArcCallbackResult.Accepted, await client.HandleCallbackAsync("Bearer t", System.Text.Encoding.UTF8.GetBytes(batch)));
        Assert.Equal(2, events.Events.Count);
        var single = TestData.Vectors("bsv/arc_api_examples.json")["callbackExamples"]!["seenOnNetwork"]!["value"]!.ToJsonString();
        Assert.Equal(ArcCallbackResult.Accepted, await client.HandleCallbackAsync("t", System.Text.Encoding.UTF8.GetBytes(single)));
        Assert.Equal(ArcCallbackResult.Unauthorized, await client.HandleCallbackAsync(null, System.Text.Encoding.UTF8.GetBytes(single)));
        Assert.Equal(ArcCallbackResult.Unauthorized, await client.HandleCallbackAsync("Bearer x", System.Text.Encoding.UTF8.GetBytes(single)));
        Assert.Equal(ArcCallbackResult.Invalid, await client.HandleCallbackAsync("t", "not json"u8.ToArray()));
        Assert.Equal(ArcCallbackResult.Invalid, await client.HandleCallbackAsync("t", """{"txid":"abc","txStatus":"MINED"}"""u8.ToArray()));
        Assert.Equal(ArcCallbackResult.Invalid, await client.HandleCallbackAsync("t", "[]"u8.ToArray()));
        Assert.Equal(3, events.Events.Count);

        await using var unconfigured = new ArcBroadcaster(new ArcClientOptions());
        Assert.Equal(ArcCallbackResult.NotConfigured, await unconfigured.HandleCallbackAsync("t", System.Text.Encoding.UTF8.GetBytes(single)));
    }

    /// <summary>A minimal host that maps the callback route to the broadcaster, as the real host will.</summary>
    private static async Task<CallbackHost> CallbackHostAsync(Func<ArcBroadcaster> client)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/arc/callback", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var result = await client().HandleCallbackAsync(context.Request.Headers.Authorization.ToString(), body.ToArray(), context.RequestAborted);
            return result switch
            {
                ArcCallbackResult.Accepted => Results.Ok(),
                ArcCallbackResult.Unauthorized => Results.Unauthorized(),
                ArcCallbackResult.NotConfigured => Results.NotFound(),
                _ => Results.BadRequest(),
            };
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new CallbackHost(app, new Uri(address));
    }

    private sealed record CallbackHost(WebApplication App, Uri Url) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await App.DisposeAsync();
    }
}
