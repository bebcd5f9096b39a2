using ModularTorrent.Arc.Resilience;
using ModularTorrent.Arc.Tests.Server;

namespace ModularTorrent.Arc.Tests;

public sealed class FailoverTests
{
    private static ArcClientOptions Options(params Endpoints.ArcEndpointOptions[] endpoints) => new()
    {
        Endpoints = endpoints,
        RequestTimeout = TimeSpan.FromSeconds(1),
        BaseBackoff = TimeSpan.FromMilliseconds(20),
        MaxBackoff = TimeSpan.FromMilliseconds(100),
        TransactionsPerSecond = 1000,
        Burst = 1000,
    };

    [Fact]
    public async Task Refused_connection_fails_over_to_the_fallback()
    {
        await using var fallback = await ArcTestServer.StartAsync();
        await using var client = new ArcBroadcaster(Options(TestData.Endpoint("primary", ArcTestServer.ClosedPort()), TestData.Endpoint("fallback", fallback.BaseUrl)));
        await client.StartAsync();
        var tx = TestData.NewTx();
        var result = await client.SubmitAsync(tx).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(BroadcastOutcome.Accepted, result.Outcome);
        Assert.Equal("fallback", result.Endpoint);
        Assert.Equal("SEEN_ON_NETWORK", result.TxStatus);
        Assert.Equal(1, fallback.AcceptCounts[tx.Txid]);
        var stats = client.Endpoints.List();
        Assert.Equal(1, stats[0].Failures);
        Assert.Equal(0, stats[0].Successes);
        Assert.Equal(1, stats[1].Successes);
        Assert.NotNull(stats[1].LatencyP50Ms);
    }

    [Fact]
    public async Task Server_errors_and_time_outs_fail_over_each_with_its_own_key()
    {
        await using var broken = await ArcTestServer.StartAsync(apiKey: "key-a");
        await using var hanging = await ArcTestServer.StartAsync(apiKey: "key-b");
        await using var good = await ArcTestServer.StartAsync(apiKey: "key-c");
        broken.Mode = ArcServerMode.Error500;
        hanging.Mode = ArcServerMode.Hang;
        await using var client = new ArcBroadcaster(Options(
            TestData.Endpoint("a", broken.BaseUrl, "key-a"),
            TestData.Endpoint("b", hanging.BaseUrl, "key-b"),
            TestData.Endpoint("c", good.BaseUrl, "key-c")));
        await client.StartAsync();
        var started = DateTime.UtcNow;
        var result = await client.SubmitAsync(TestData.NewTx()).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(BroadcastOutcome.Accepted, result.Outcome);
        Assert.Equal("c", result.Endpoint);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10)); // waited for the 1 s time-out once
        Assert.Equal(1, broken.PostRequests);
        Assert.Equal(1, hanging.PostRequests);
        Assert.All(good.Requests, r => Assert.Equal("Bearer key-c", r.Headers["Authorization"]));
        Assert.All(broken.Requests, r => Assert.Equal("Bearer key-a", r.Headers["Authorization"]));
    }

    [Fact]
    public async Task Wrong_key_counts_against_the_endpoint_and_fails_over()
    {
        await using var primary = await ArcTestServer.StartAsync(apiKey: "right");
        await using var fallback = await ArcTestServer.StartAsync();
        await using var client = new ArcBroadcaster(Options(TestData.Endpoint("p", primary.BaseUrl, "wrong"), TestData.Endpoint("f", fallback.BaseUrl)));
        await client.StartAsync();
        var result = await client.SubmitAsync(TestData.NewTx()).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal("f", result.Endpoint);
        Assert.Empty(primary.AcceptCounts);
    }

    [Fact]
    public async Task Wrong_base_path_404_is_an_endpoint_failure()
    {
        await using var server = await ArcTestServer.StartAsync();
        await using var client = new ArcBroadcaster(Options(TestData.Endpoint("typo", new Uri(server.BaseUrl, "/arc-typo/")), TestData.Endpoint("ok", server.BaseUrl)));
        await client.StartAsync();
        var result = await client.SubmitAsync(TestData.NewTx()).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(BroadcastOutcome.Accepted, result.Outcome);
        Assert.Equal("ok", result.Endpoint);
        Assert.Equal(1, client.Endpoints.Get("typo").Failures);
    }

    [Fact]
    public async Task Html_answer_with_200_is_an_endpoint_failure()
    {
        await using var proxy = await ArcTestServer.StartAsync();
        await using var fallback = await ArcTestServer.StartAsync();
        proxy.Mode = ArcServerMode.NotJson;
        await using var client = new ArcBroadcaster(Options(TestData.Endpoint("p", proxy.BaseUrl), TestData.Endpoint("f", fallback.BaseUrl)));
        await client.StartAsync();
        var result = await client.SubmitAsync(TestData.NewTx()).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal("f", result.Endpoint);
    }

    [Fact]
    public async Task Slow_but_timely_answers_are_not_failures()
    {
        await using var slow = await ArcTestServer.StartAsync();
        await using var fallback = await ArcTestServer.StartAsync();
        slow.Delay = TimeSpan.FromMilliseconds(400);
        // "Timely" with room to spare: a cold first request on a busy machine must not pass for a time-out.
        await using var client = new ArcBroadcaster(Options(TestData.Endpoint("slow", slow.BaseUrl), TestData.Endpoint("f", fallback.BaseUrl)) with { RequestTimeout = TimeSpan.FromSeconds(5) });
        await client.StartAsync();
        var result = await client.SubmitAsync(TestData.NewTx()).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal("slow", result.Endpoint);
        Assert.Equal(0, fallback.PostRequests);
        Assert.True(client.Endpoints.Get("slow").LatencyP50Ms >= 350);
    }

    [Fact]
    public async Task Retries_back_off_within_bounds_then_report_unreachable()
    {
        await using var broken = await ArcTestServer.StartAsync();
        broken.Mode = ArcServerMode.Error500;
        var options = Options(TestData.Endpoint("only", broken.BaseUrl)) with
        {
            MaxAttempts = 4,
            BaseBackoff = TimeSpan.FromMilliseconds(100),
            MaxBackoff = TimeSpan.FromMilliseconds(300),
            BreakerFailureThreshold = 100,
        };
        await using var client = new ArcBroadcaster(options);
        await client.StartAsync();
        var started = DateTime.UtcNow;
        var result = await client.SubmitAsync(TestData.NewTx()).WaitAsync(TimeSpan.FromSeconds(20));
        var elapsed = DateTime.UtcNow - started;
        Assert.Equal(BroadcastOutcome.Unreachable, result.Outcome);
        Assert.Contains("4 round(s)", result.Detail);
        Assert.Equal(4, broken.PostRequests);
        Assert.Equal(3, client.Backoffs);
        // Back-offs 1..3 have ceilings 100, 200, 300 ms: at least half of each, at most all of each (plus request time).
        Assert.InRange(elapsed, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(600 + 3000));
    }

    [Fact]
    public async Task Retry_time_budget_stops_before_max_attempts()
    {
        await using var broken = await ArcTestServer.StartAsync();
        broken.Mode = ArcServerMode.Error500;
        var options = Options(TestData.Endpoint("only", broken.BaseUrl)) with
        {
            MaxAttempts = 100,
            BaseBackoff = TimeSpan.FromMilliseconds(200),
            MaxBackoff = TimeSpan.FromMilliseconds(200),
            MaxRetryDuration = TimeSpan.FromMilliseconds(500),
            BreakerFailureThreshold = 1000,
        };
        await using var client = new ArcBroadcaster(options);
        await client.StartAsync();
        var result = await client.SubmitAsync(TestData.NewTx()).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(BroadcastOutcome.Unreachable, result.Outcome);
        Assert.InRange(broken.PostRequests, 2, 6);
    }

    [Fact]
    public async Task Transient_errors_are_retried_and_succeed()
    {
        await using var flaky = await ArcTestServer.StartAsync();
        flaky.FailNext(2);
        await using var client = new ArcBroadcaster(Options(TestData.Endpoint("only", flaky.BaseUrl)) with { BreakerFailureThreshold = 10 });
        await client.StartAsync();
        var tx = TestData.NewTx();
        var result = await client.SubmitAsync(tx).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(BroadcastOutcome.Accepted, result.Outcome);
        Assert.Equal(3, flaky.PostRequests);
        Assert.Equal(2, client.Backoffs);
    }

    [Fact]
    public async Task Breaker_opens_skips_the_endpoint_probes_after_cooldown_and_closes()
    {
        var time = new ManualTimeProvider();
        await using var primary = await ArcTestServer.StartAsync();
        await using var fallback = await ArcTestServer.StartAsync();
        primary.Mode = ArcServerMode.Error500;
        var options = Options(TestData.Endpoint("p", primary.BaseUrl), TestData.Endpoint("f", fallback.BaseUrl)) with
        {
            MaxAttempts = 1,
            BreakerFailureThreshold = 2,
            BreakerCooldown = TimeSpan.FromSeconds(30),
            RequestTimeout = TimeSpan.FromSeconds(30),
            PollInterval = TimeSpan.FromDays(1), // no background status poll may take the half-open probe
        };
        await using var client = new ArcBroadcaster(options, time);
        await client.StartAsync();

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal("f", (await client.SubmitAsync(TestData.NewTx()).WaitAsync(TimeSpan.FromSeconds(20))).Endpoint);
        }

        Assert.Equal(CircuitState.Open, client.Endpoints.Get("p").Breaker);
        Assert.Equal(2, primary.PostRequests);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("f", (await client.SubmitAsync(TestData.NewTx()).WaitAsync(TimeSpan.FromSeconds(20))).Endpoint);
        }

        Assert.Equal(2, primary.PostRequests); // open: not even tried

        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(CircuitState.HalfOpen, client.Endpoints.Get("p").Breaker);
        Assert.Equal("f", (await client.SubmitAsync(TestData.NewTx()).WaitAsync(TimeSpan.FromSeconds(20))).Endpoint);
        Assert.Equal(3, primary.PostRequests); // the probe went to p, failed, and re-opened it
        Assert.Equal(CircuitState.Open, client.Endpoints.Get("p").Breaker);

        primary.Mode = ArcServerMode.Normal;
        time.Advance(TimeSpan.FromSeconds(30));
        var healed = await client.SubmitAsync(TestData.NewTx()).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal("p", healed.Endpoint);
        Assert.Equal(CircuitState.Closed, client.Endpoints.Get("p").Breaker);
        Assert.Equal("p", (await client.SubmitAsync(TestData.NewTx()).WaitAsync(TimeSpan.FromSeconds(20))).Endpoint);
    }
}
