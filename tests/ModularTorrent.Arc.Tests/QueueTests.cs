using ModularTorrent.Arc.Tests.Server;

namespace ModularTorrent.Arc.Tests;

public sealed class QueueTests
{
    [Fact]
    public async Task Priorities_leave_urgent_first_and_fifo_within_a_priority()
    {
        await using var server = await ArcTestServer.StartAsync();
        var options = new ArcClientOptions
        {
            Endpoints = [TestData.Endpoint("s", server.BaseUrl)],
            MaxBatchSize = 1,
            MaxConcurrentRequests = 1,
            TransactionsPerSecond = 1000,
            Burst = 1000,
        };
        await using var client = new ArcBroadcaster(options);
        var order = new[] { ArcPriority.Low, ArcPriority.Normal, ArcPriority.Urgent, ArcPriority.High, ArcPriority.Low, ArcPriority.Urgent, ArcPriority.Normal, ArcPriority.High, ArcPriority.Urgent, ArcPriority.Low };
        var submitted = new List<(ArcTransaction Tx, ArcPriority Priority, int Seq)>();
        var tasks = new List<Task<BroadcastResult>>();
        for (var i = 0; i < order.Length; i++)
        {
            var tx = TestData.NewTx();
            submitted.Add((tx, order[i], i));
            tasks.Add(await client.EnqueueAsync(tx, order[i]));
        }

        Assert.Equal(order.Length, client.QueueLength);
        await client.StartAsync();
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(20));
        var expected = submitted.OrderByDescending(s => s.Priority).ThenBy(s => s.Seq).Select(s => s.Tx.Txid).ToList();
        Assert.Equal(expected, server.Arrivals.ToList());
        Assert.All(server.Requests, r => Assert.Equal("/v1/tx", r.Path));
    }

    [Fact]
    public async Task Waiting_transactions_leave_in_one_batch_in_priority_order()
    {
        await using var server = await ArcTestServer.StartAsync();
        var options = new ArcClientOptions
        {
            Endpoints = [TestData.Endpoint("s", server.BaseUrl)],
            MaxBatchSize = 100,
            MaxConcurrentRequests = 1,
            TransactionsPerSecond = 1000,
            Burst = 100,
        };
        await using var client = new ArcBroadcaster(options);
        var tasks = new List<Task<BroadcastResult>>();
        var urgent = TestData.NewTx();
        for (var i = 0; i < 29; i++)
        {
            tasks.Add(await client.EnqueueAsync(TestData.NewTx()));
        }

        tasks.Add(await client.EnqueueAsync(urgent, ArcPriority.Urgent));
        await client.StartAsync();
        var results = await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.All(results, r => Assert.Equal(BroadcastOutcome.Accepted, r.Outcome));
        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/txs", request.Path);
        Assert.Equal(30, request.TransactionCount);
        Assert.Equal(urgent.Txid, server.Arrivals.First());
        Assert.Equal(30, server.AcceptCounts.Count);
    }

    [Fact]
    public async Task Batch_items_get_their_own_verdicts()
    {
        await using var server = await ArcTestServer.StartAsync();
        var known = TestData.NewTx();
        var options = new ArcClientOptions { Endpoints = [TestData.Endpoint("s", server.BaseUrl)], MaxConcurrentRequests = 1, Burst = 100 };
        await using var client = new ArcBroadcaster(options);
        await client.StartAsync();
        await client.SubmitAsync(known).WaitAsync(TimeSpan.FromSeconds(20));
        await client.StopAsync();

        await using var second = new ArcBroadcaster(options);
        var fresh = TestData.NewTx();
        var a = await second.EnqueueAsync(known);
        var b = await second.EnqueueAsync(fresh);
        await second.StartAsync();
        Assert.Equal(BroadcastOutcome.AlreadyKnown, (await a.WaitAsync(TimeSpan.FromSeconds(20))).Outcome);
        Assert.Equal(BroadcastOutcome.Accepted, (await b.WaitAsync(TimeSpan.FromSeconds(20))).Outcome);
        Assert.Equal("/v1/txs", server.Requests.Last().Path);
    }

    [Fact]
    public async Task Rate_limit_bounds_the_send_rate()
    {
        await using var server = await ArcTestServer.StartAsync();
        var options = new ArcClientOptions
        {
            Endpoints = [TestData.Endpoint("s", server.BaseUrl)],
            TransactionsPerSecond = 50,
            Burst = 5,
        };
        await using var client = new ArcBroadcaster(options);
        await client.StartAsync();
        var started = DateTime.UtcNow;
        var tasks = new List<Task<BroadcastResult>>();
        for (var i = 0; i < 55; i++)
        {
            tasks.Add(client.SubmitAsync(TestData.NewTx()));
        }

        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(30));
        var elapsed = DateTime.UtcNow - started;
        // 5 leave at once, the other 50 need 50 tokens at 50/s: at least ~1 s.
        Assert.InRange(elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
        Assert.Equal(55, server.AcceptCounts.Count);
    }
}
