using ModularTorrent.Arc.Endpoints;
using ModularTorrent.Arc.Resilience;
using ModularTorrent.Arc.Tests.Server;

namespace ModularTorrent.Arc.Tests;

public sealed class RegistryTests
{
    [Fact]
    public async Task Endpoints_are_managed_at_run_time()
    {
        await using var first = await ArcTestServer.StartAsync();
        await using var second = await ArcTestServer.StartAsync();
        await using var client = new ArcBroadcaster(new ArcClientOptions { Endpoints = [TestData.Endpoint("one", first.BaseUrl, "k1")] });
        await client.StartAsync();
        var added = client.Endpoints.Add(TestData.Endpoint("two", second.BaseUrl), order: 0);
        Assert.Equal(0, added.Order);
        Assert.Equal(["two", "one"], client.Endpoints.List().Select(e => e.Name));
        Assert.Equal("two", (await client.SubmitAsync(TestData.NewTx()).WaitAsync(TimeSpan.FromSeconds(20))).Endpoint);

        var disabled = client.Endpoints.Disable("TWO");
        Assert.False(disabled.Enabled);
        Assert.Equal("one", (await client.SubmitAsync(TestData.NewTx()).WaitAsync(TimeSpan.FromSeconds(20))).Endpoint);
        client.Endpoints.Enable("two");
        Assert.Equal("two", (await client.SubmitAsync(TestData.NewTx()).WaitAsync(TimeSpan.FromSeconds(20))).Endpoint);
        client.Endpoints.Remove("two");
        Assert.Equal("one", (await client.SubmitAsync(TestData.NewTx()).WaitAsync(TimeSpan.FromSeconds(20))).Endpoint);

        var one = Assert.Single(client.Endpoints.List());
        Assert.True(one.HasApiKey);
        Assert.Equal(2, one.Successes);
        Assert.Equal(0, one.Failures);
        Assert.Equal(CircuitState.Closed, one.Breaker);
        Assert.NotNull(one.LatencyP50Ms);
        Assert.True(one.LatencyP99Ms >= one.LatencyP50Ms);
    }

    [Fact]
    public async Task Registry_errors_are_precise()
    {
        await using var client = new ArcBroadcaster(new ArcClientOptions { Endpoints = [TestData.Endpoint("one", new Uri("http://127.0.0.1:1"))] });
        var e = Assert.Throws<ArcEndpointException>(() => client.Endpoints.Add(TestData.Endpoint("ONE", new Uri("http://127.0.0.1:2"))));
        Assert.Equal(ArcEndpointError.Conflict, e.Error);
        e = Assert.Throws<ArcEndpointException>(() => client.Endpoints.Remove("nope"));
        Assert.Equal(ArcEndpointError.NotFound, e.Error);
        Assert.Contains("'nope'", e.Message);
        e = Assert.Throws<ArcEndpointException>(() => client.Endpoints.Add(TestData.Endpoint("x", new Uri("http://127.0.0.1:2")), order: 5));
        Assert.Equal(ArcEndpointError.Invalid, e.Error);
        e = Assert.Throws<ArcEndpointException>(() => client.Endpoints.Add(TestData.Endpoint(" ", new Uri("http://127.0.0.1:2"))));
        Assert.Equal(ArcEndpointError.Invalid, e.Error);
        e = Assert.Throws<ArcEndpointException>(() => client.Endpoints.Add(TestData.Endpoint("y", new Uri("http://127.0.0.1:2"), "a\nb")));
        Assert.Contains("line break", e.Message);
        await Assert.ThrowsAsync<ArcEndpointException>(() => client.GetHealthAsync("nope"));
    }

    [Fact]
    public async Task All_endpoints_disabled_reports_unreachable()
    {
        await using var server = await ArcTestServer.StartAsync();
        await using var client = new ArcBroadcaster(new ArcClientOptions
        {
            Endpoints = [TestData.Endpoint("s", server.BaseUrl) with { Enabled = false }],
            MaxAttempts = 2,
            BaseBackoff = TimeSpan.FromMilliseconds(10),
            MaxBackoff = TimeSpan.FromMilliseconds(10),
        });
        await client.StartAsync();
        var result = await client.SubmitAsync(TestData.NewTx()).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(BroadcastOutcome.Unreachable, result.Outcome);
        Assert.Contains("disabled", result.Detail);
        Assert.Equal(0, server.PostRequests);
    }
}
