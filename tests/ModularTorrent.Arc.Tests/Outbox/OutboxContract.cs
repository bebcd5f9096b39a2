using ModularTorrent.Arc.Outbox;
using ModularTorrent.Arc.Tests.Server;

namespace ModularTorrent.Arc.Tests.Outbox;

/// <summary>The outbox's behaviour, run on each database engine.</summary>
public abstract class OutboxContract
{
    protected abstract Task<OutboxDatabase> CreateAsync();

    [Fact]
    public async Task Add_is_idempotent_and_lists_by_priority_then_insertion()
    {
        await using var db = await CreateAsync();
        var outbox = new SqlArcOutbox(db.Factory);
        var low = TestData.NewTx();
        var urgent = TestData.NewTx();
        var low2 = TestData.NewTx();
        Assert.True(await outbox.AddAsync(new OutboxEntry(low.Txid, low.Payload.ToArray(), ArcPriority.Low, OutboxState.Pending)));
        Assert.True(await outbox.AddAsync(new OutboxEntry(urgent.Txid, urgent.Payload.ToArray(), ArcPriority.Urgent, OutboxState.Pending)));
        Assert.True(await outbox.AddAsync(new OutboxEntry(low2.Txid, low2.Payload.ToArray(), ArcPriority.Low, OutboxState.Pending)));
        Assert.False(await outbox.AddAsync(new OutboxEntry(low.Txid, [9], ArcPriority.High, OutboxState.Pending)));

        var pending = await outbox.ListAsync(OutboxState.Pending);
        Assert.Equal([urgent.Txid, low.Txid, low2.Txid], pending.Select(e => e.Txid));
        Assert.Equal(low.Payload.ToArray(), pending[1].Payload);
        Assert.Equal(ArcPriority.Low, pending[1].Priority);

        await outbox.UpdateAsync([new OutboxUpdate(low.Txid, OutboxState.Accepted, "SEEN_ON_NETWORK", null), new OutboxUpdate(new string('0', 64), OutboxState.Failed, null, "x")]);
        var entry = await outbox.GetAsync(low.Txid);
        Assert.Equal(OutboxState.Accepted, entry!.State);
        Assert.Equal("SEEN_ON_NETWORK", entry.TxStatus);
        Assert.Null(await outbox.GetAsync(new string('0', 64)));
        Assert.Equal(2, (await outbox.ListAsync(OutboxState.Pending)).Count);
    }

    [Fact]
    public async Task Concurrent_adds_share_commits_and_each_learns_whether_it_inserted()
    {
        await using var db = await CreateAsync();
        var outbox = new SqlArcOutbox(db.Factory);
        var txs = Enumerable.Range(0, 200).Select(_ => TestData.NewTx()).ToList();
        var entries = txs.Concat(txs.Take(50)).Select(t => new OutboxEntry(t.Txid, t.Payload.ToArray(), ArcPriority.Normal, OutboxState.Pending)).ToList();
        var inserted = await Task.WhenAll(entries.Select(e => Task.Run(() => outbox.AddAsync(e)))).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(200, inserted.Count(b => b));
        Assert.Equal(200, (await outbox.ListAsync(OutboxState.Pending)).Count);
    }

    [Fact]
    public async Task Prune_deletes_only_finished_entries_older_than_the_cut_off()
    {
        await using var db = await CreateAsync();
        var time = new ManualTimeProvider();
        var outbox = new SqlArcOutbox(db.Factory, time);
        var txs = Enumerable.Range(0, 4).Select(_ => TestData.NewTx()).ToList();
        foreach (var t in txs)
        {
            await outbox.AddAsync(new OutboxEntry(t.Txid, t.Payload.ToArray(), ArcPriority.Normal, OutboxState.Pending));
        }

        await outbox.UpdateAsync([
            new OutboxUpdate(txs[0].Txid, OutboxState.Completed, "MINED", null),
            new OutboxUpdate(txs[1].Txid, OutboxState.Failed, "REJECTED", "x"),
            new OutboxUpdate(txs[2].Txid, OutboxState.Accepted, "SEEN_ON_NETWORK", null)]);
        time.Advance(TimeSpan.FromDays(8));
        var fresh = TestData.NewTx();
        await outbox.AddAsync(new OutboxEntry(fresh.Txid, fresh.Payload.ToArray(), ArcPriority.Normal, OutboxState.Pending));
        await outbox.UpdateAsync([new OutboxUpdate(fresh.Txid, OutboxState.Completed, "MINED", null)]);

        Assert.Equal(2, await outbox.PruneAsync(time.GetUtcNow() - TimeSpan.FromDays(7)));
        Assert.Null(await outbox.GetAsync(txs[0].Txid));
        Assert.Null(await outbox.GetAsync(txs[1].Txid));
        Assert.NotNull(await outbox.GetAsync(txs[2].Txid));
        Assert.NotNull(await outbox.GetAsync(txs[3].Txid));
        Assert.NotNull(await outbox.GetAsync(fresh.Txid));
    }

    [Fact]
    public async Task Unreachable_transactions_stay_pending_and_are_sent_after_restart_then_tracked_to_completion()
    {
        await using var db = await CreateAsync();
        var outbox = new SqlArcOutbox(db.Factory);
        var dead = ArcTestServer.ClosedPort();
        var down = new ArcClientOptions
        {
            Endpoints = [TestData.Endpoint("s", dead)],
            MaxAttempts = 2,
            BaseBackoff = TimeSpan.FromMilliseconds(10),
            MaxBackoff = TimeSpan.FromMilliseconds(10),
        };
        var txs = Enumerable.Range(0, 5).Select(_ => TestData.NewTx()).ToList();
        await using (var client = new ArcBroadcaster(down, outbox: outbox))
        {
            await client.StartAsync();
            var results = await Task.WhenAll(txs.Select(t => client.SubmitAsync(t))).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.All(results, r => Assert.Equal(BroadcastOutcome.Unreachable, r.Outcome));
        }

        Assert.Equal(5, (await outbox.ListAsync(OutboxState.Pending)).Count);

        await using var server = await ArcTestServer.StartAsync();
        var events = new RecordingEventSink();
        var up = down with { Endpoints = [TestData.Endpoint("s", server.BaseUrl)], PollInterval = TimeSpan.FromMilliseconds(50) };
        await using (var client = new ArcBroadcaster(up, events: events, outbox: outbox))
        {
            await client.StartAsync();
            await Poll.UntilAsync(() => server.AcceptCounts.Count == 5 && client.TrackedCount == 5, TimeSpan.FromSeconds(20), "the restart to send the pending ones");
            await Poll.UntilAsync(() => outbox.ListAsync(OutboxState.Accepted).Result.Count == 5, TimeSpan.FromSeconds(10), "the outbox to record the answers");
            Assert.Empty(await outbox.ListAsync(OutboxState.Pending));
            foreach (var tx in txs)
            {
                server.Statuses[tx.Txid] = "MINED";
            }

            await Poll.UntilAsync(() => client.TrackedCount == 0, TimeSpan.FromSeconds(10), "tracking to reach MINED");
        }

        var completed = await outbox.ListAsync(OutboxState.Completed);
        Assert.Equal(txs.Select(t => t.Txid).Order(), completed.Select(e => e.Txid).Order());
        Assert.All(completed, e => Assert.Equal("MINED", e.TxStatus));
        Assert.All(txs, t => Assert.Equal(1, server.AcceptCounts[t.Txid]));
    }

    [Fact]
    public async Task Unreachable_transactions_are_queued_again_at_the_next_tick_without_a_restart()
    {
        await using var db = await CreateAsync();
        var outbox = new SqlArcOutbox(db.Factory);
        await using var server = await ArcTestServer.StartAsync();
        server.Mode = ArcServerMode.Error500;
        var options = new ArcClientOptions
        {
            Endpoints = [TestData.Endpoint("s", server.BaseUrl)],
            MaxAttempts = 1,
            BreakerFailureThreshold = 100,
            PollInterval = TimeSpan.FromMilliseconds(100),
        };
        await using var client = new ArcBroadcaster(options, outbox: outbox);
        await client.StartAsync();
        var tx = TestData.NewTx();
        Assert.Equal(BroadcastOutcome.Unreachable, (await client.SubmitAsync(tx).WaitAsync(TimeSpan.FromSeconds(20))).Outcome);
        server.Mode = ArcServerMode.Normal;
        await Poll.UntilAsync(() => server.AcceptCounts.ContainsKey(tx.Txid), TimeSpan.FromSeconds(10), "the pending transaction to be sent again");
        await Poll.UntilAsync(() => outbox.GetAsync(tx.Txid).Result!.State == OutboxState.Accepted, TimeSpan.FromSeconds(10), "the outbox to record it");
    }

    [Fact]
    public async Task Refusals_are_stored_as_failed_with_the_reason()
    {
        await using var db = await CreateAsync();
        var outbox = new SqlArcOutbox(db.Factory);
        await using var server = await ArcTestServer.StartAsync();
        server.Mode = ArcServerMode.FeeTooLow;
        await using var client = new ArcBroadcaster(new ArcClientOptions { Endpoints = [TestData.Endpoint("s", server.BaseUrl)] }, outbox: outbox);
        await client.StartAsync();
        var tx = TestData.NewTx();
        Assert.Equal(BroadcastOutcome.FeeTooLow, (await client.SubmitAsync(tx).WaitAsync(TimeSpan.FromSeconds(20))).Outcome);
        var entry = await outbox.GetAsync(tx.Txid);
        Assert.Equal(OutboxState.Failed, entry!.State);
        Assert.StartsWith("FeeTooLow", entry.Error);
    }
}

public sealed class SqliteOutboxTests : OutboxContract
{
    protected override Task<OutboxDatabase> CreateAsync() => OutboxDatabase.SqliteAsync();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresOutboxTests(PostgresServer server) : OutboxContract
{
    protected override Task<OutboxDatabase> CreateAsync() => OutboxDatabase.PostgresAsync(server);
}
