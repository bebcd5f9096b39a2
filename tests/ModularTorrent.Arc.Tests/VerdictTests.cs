using ModularTorrent.Arc.Tests.Server;

namespace ModularTorrent.Arc.Tests;

public sealed class VerdictTests
{
    private static ArcClientOptions Options(params Endpoints.ArcEndpointOptions[] endpoints) => new()
    {
        Endpoints = endpoints,
        RequestTimeout = TimeSpan.FromSeconds(5),
        BaseBackoff = TimeSpan.FromMilliseconds(20),
        MaxBackoff = TimeSpan.FromMilliseconds(100),
        TransactionsPerSecond = 1000,
        Burst = 1000,
    };

    [Fact]
    public async Task Fee_too_low_is_not_retried_and_reports_the_fresh_policy_rate()
    {
        await using var server = await ArcTestServer.StartAsync();
        await using var fallback = await ArcTestServer.StartAsync();
        server.Mode = ArcServerMode.FeeTooLow;
        server.PolicySatoshisPer1000Bytes = 50;
        await using var client = new ArcBroadcaster(Options(TestData.Endpoint("s", server.BaseUrl), TestData.Endpoint("f", fallback.BaseUrl)));
        await client.StartAsync();
        var result = await client.SubmitAsync(TestData.NewTx()).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(BroadcastOutcome.FeeTooLow, result.Outcome);
        Assert.Equal(465, result.ErrorCode);
        Assert.Equal(50m, result.FeeRateSatoshisPerKb);
        Assert.False(result.IsSuccess);
        Assert.Equal(1, server.PostRequests);
        Assert.Equal(1, server.PolicyRequests);
        Assert.Equal(0, fallback.PostRequests);
        Assert.Equal(0, client.Backoffs);
        Assert.Equal(50m, await client.GetFeeRateAsync());
        Assert.Equal(1, server.PolicyRequests); // cached
    }

    [Fact]
    public async Task Http_200_with_rejected_status_is_a_failure_without_retry_or_failover()
    {
        await using var server = await ArcTestServer.StartAsync();
        await using var fallback = await ArcTestServer.StartAsync();
        server.Mode = ArcServerMode.RejectWith200;
        await using var client = new ArcBroadcaster(Options(TestData.Endpoint("s", server.BaseUrl), TestData.Endpoint("f", fallback.BaseUrl)));
        await client.StartAsync();
        var result = await client.SubmitAsync(TestData.NewTx()).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(BroadcastOutcome.Rejected, result.Outcome);
        Assert.Equal("REJECTED", result.TxStatus);
        Assert.Contains("463", result.Detail);
        Assert.Equal(1, server.PostRequests);
        Assert.Equal(0, fallback.PostRequests);
        Assert.Equal(1, client.Endpoints.Get("s").Successes); // the endpoint worked; the transaction did not
    }

    [Theory]
    [InlineData("DOUBLE_SPEND_ATTEMPTED")]
    [InlineData("SEEN_IN_ORPHAN_MEMPOOL")]
    [InlineData("MINED_IN_STALE_BLOCK")]
    [InlineData("INVALID")]
    [InlineData("MALFORMED")]
    public async Task Every_failure_status_with_http_200_is_rejected(string status)
    {
        await using var server = await ArcTestServer.StartAsync();
        server.Mode = ArcServerMode.RejectWith200;
        server.RejectStatus = status;
        await using var client = new ArcBroadcaster(Options(TestData.Endpoint("s", server.BaseUrl)));
        await client.StartAsync();
        var result = await client.SubmitAsync(TestData.NewTx()).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(BroadcastOutcome.Rejected, result.Outcome);
        Assert.Equal(status, result.TxStatus);
        Assert.Equal(1, server.PostRequests);
    }

    [Fact]
    public async Task Fee_too_low_in_a_batch_reads_the_policy_once()
    {
        await using var server = await ArcTestServer.StartAsync();
        server.Mode = ArcServerMode.FeeTooLow;
        server.PolicySatoshisPer1000Bytes = 20;
        await using var client = new ArcBroadcaster(Options(TestData.Endpoint("s", server.BaseUrl)) with { MaxConcurrentRequests = 1 });
        var tasks = new List<Task<BroadcastResult>>();
        for (var i = 0; i < 10; i++)
        {
            tasks.Add(await client.EnqueueAsync(TestData.NewTx()));
        }

        await client.StartAsync();
        var results = await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.All(results, r => Assert.Equal(BroadcastOutcome.FeeTooLow, r.Outcome));
        Assert.All(results, r => Assert.Equal(20m, r.FeeRateSatoshisPerKb));
        Assert.Equal(1, server.PostRequests);
        Assert.Equal(1, server.PolicyRequests);
    }

    [Fact]
    public async Task Rate_limit_changes_at_run_time()
    {
        await using var client = new ArcBroadcaster(new ArcClientOptions());
        Assert.Equal(100, client.RateLimit);
        client.SetRateLimit(1000);
        Assert.Equal(1000, client.RateLimit);
        Assert.Throws<ArgumentOutOfRangeException>(() => client.SetRateLimit(0));
    }

    [Fact]
    public async Task Resending_a_known_transaction_is_already_known_success()
    {
        await using var server = await ArcTestServer.StartAsync();
        await using var client = new ArcBroadcaster(Options(TestData.Endpoint("s", server.BaseUrl)));
        await client.StartAsync();
        var tx = TestData.NewTx();
        Assert.Equal(BroadcastOutcome.Accepted, (await client.SubmitAsync(tx).WaitAsync(TimeSpan.FromSeconds(20))).Outcome);
        server.Statuses[tx.Txid] = "MINED";
        var again = await client.SubmitAsync(tx).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(BroadcastOutcome.AlreadyKnown, again.Outcome);
        Assert.Equal("MINED", again.TxStatus);
        Assert.True(again.IsSuccess);
        Assert.Equal(1, server.AcceptCounts[tx.Txid]);
        Assert.Equal(1, server.DuplicateCounts[tx.Txid]);
    }

    [Fact]
    public async Task Extended_format_vectors_are_sent_and_the_server_derives_the_same_txid()
    {
        await using var server = await ArcTestServer.StartAsync();
        await using var client = new ArcBroadcaster(Options(TestData.Endpoint("s", server.BaseUrl)));
        await client.StartAsync();
        foreach (var row in TestData.Vectors("bsv/bsv-sdk_generated_p2pkh_brc43.json")["p2pkh"]!.AsArray())
        {
            var txid = row!["txid"]!.GetValue<string>();
            var tx = ArcTransaction.FromPayload(txid, Convert.FromHexString(row["efHex"]!.GetValue<string>()));
            var result = await client.SubmitAsync(tx).WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(BroadcastOutcome.Accepted, result.Outcome);
            Assert.Equal(1, server.AcceptCounts[txid]);
        }
    }

    [Fact]
    public async Task Broadcast_headers_are_sent()
    {
        await using var server = await ArcTestServer.StartAsync(apiKey: "k");
        var options = Options(TestData.Endpoint("s", server.BaseUrl, "k")) with
        {
            WaitFor = "SEEN_ON_NETWORK",
            MaxTimeout = TimeSpan.FromSeconds(7),
            CallbackUrl = new Uri("http://127.0.0.1:9/arc/callback"),
            CallbackToken = "cb-token",
            FullStatusUpdates = true,
        };
        await using var client = new ArcBroadcaster(options);
        await client.StartAsync();
        await client.SubmitAsync(TestData.NewTx()).WaitAsync(TimeSpan.FromSeconds(20));
        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/tx", request.Path);
        Assert.Equal("Bearer k", request.Headers["Authorization"]);
        Assert.Equal("SEEN_ON_NETWORK", request.Headers["X-WaitFor"]);
        Assert.Equal("7", request.Headers["X-MaxTimeout"]);
        Assert.Equal("http://127.0.0.1:9/arc/callback", request.Headers["X-CallbackUrl"]);
        Assert.Equal("cb-token", request.Headers["X-CallbackToken"]);
        Assert.Equal("true", request.Headers["X-FullStatusUpdates"]);
        Assert.StartsWith("application/json", request.Headers["Content-Type"]);
    }

    [Fact]
    public async Task Fee_rate_falls_back_to_100_when_no_policy_is_served()
    {
        await using var server = await ArcTestServer.StartAsync();
        server.PolicySatoshisPer1000Bytes = null;
        await using var client = new ArcBroadcaster(Options(TestData.Endpoint("s", server.BaseUrl), TestData.Endpoint("dead", ArcTestServer.ClosedPort())));
        Assert.Equal(100m, await client.GetFeeRateAsync());
        server.PolicySatoshisPer1000Bytes = 5;
        Assert.Equal(5m, await client.GetFeeRateAsync());
    }

    [Fact]
    public async Task Health_and_status_queries_work()
    {
        await using var server = await ArcTestServer.StartAsync();
        await using var client = new ArcBroadcaster(Options(TestData.Endpoint("s", server.BaseUrl)));
        await client.StartAsync();
        Assert.True((await client.GetHealthAsync("s"))!.Healthy);
        var tx = TestData.NewTx();
        Assert.Null(await client.GetStatusAsync(tx.Txid));
        await client.SubmitAsync(tx).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal("SEEN_ON_NETWORK", (await client.GetStatusAsync(tx.Txid))!.TxStatus);
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetStatusAsync("nope"));
    }

    [Fact]
    public void Invalid_options_are_rejected_precisely()
    {
        var e = Assert.Throws<ArgumentException>(() => new ArcBroadcaster(new ArcClientOptions { TransactionsPerSecond = 0 }));
        Assert.Contains("TransactionsPerSecond", e.Message);
        e = Assert.Throws<ArgumentException>(() => new ArcBroadcaster(new ArcClientOptions { CallbackUrl = new Uri("http://127.0.0.1/cb") }));
        Assert.Contains("CallbackToken", e.Message);
        e = Assert.Throws<ArgumentException>(() => new ArcBroadcaster(new ArcClientOptions { Endpoints = [TestData.Endpoint("x", new Uri("ftp://127.0.0.1"))] }));
        Assert.Contains("http", e.Message);
    }
}
