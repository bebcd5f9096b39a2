using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using ModularTorrent.BitTorrent.Dht;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.Tests.Support;
using Xunit.Abstractions;

namespace ModularTorrent.BitTorrent.Tests.Dht;

public sealed class DhtNodeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly IPEndPoint Loopback = new(IPAddress.Loopback, 0);
    private readonly List<DhtNode> _nodes = [];

    internal static DhtSettings FastSettings => new()
    {
        // Generous for a shared, loaded machine; tests about silence set their own shorter timeout.
        QueryTimeout = TimeSpan.FromMilliseconds(1500),
        LookupTimeout = TimeSpan.FromSeconds(10),
    };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }

    private async Task<DhtNode> StartAsync(DhtSettings? settings = null)
    {
        var node = new DhtNode(settings ?? FastSettings, TimeProvider.System, output.TryWriteLine);
        _nodes.Add(node);
        await node.StartAsync(Loopback);
        return node;
    }


    [Fact]
    public async Task Ten_nodes_find_each_others_announced_peers()
    {
        var seed = await StartAsync();
        var nodes = new List<DhtNode> { seed };
        for (var i = 0; i < 9; i++)
        {
            nodes.Add(await StartAsync());
        }

        foreach (var node in nodes.Skip(1))
        {
            await node.BootstrapAsync([seed.LocalEndPoint]).WaitAsync(TimeSpan.FromSeconds(20));
        }

        // A second round lets early joiners learn the later ones.
        foreach (var node in nodes.Skip(1))
        {
            await node.BootstrapAsync([]).WaitAsync(TimeSpan.FromSeconds(20));
        }

        Assert.All(nodes, n => Assert.True(n.NodeCount >= 5, $"a node knows only {n.NodeCount} nodes"));

        var torrent = new InfoHash(SHA1.HashData("ten nodes"u8));
        var accepted = await nodes[3].AnnounceAsync(torrent, 51413).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(accepted >= 5, $"only {accepted} nodes accepted the announce");

        var found = await nodes[7].GetPeersAsync(torrent).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Contains(new IPEndPoint(IPAddress.Loopback, 51413), found);

        var none = await nodes[5].GetPeersAsync(new InfoHash(SHA1.HashData("nobody"u8))).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Empty(none);
    }

    [Fact]
    public async Task Implied_port_uses_the_udp_source_port()
    {
        var a = await StartAsync();
        var b = await StartAsync();
        await b.BootstrapAsync([a.LocalEndPoint]);
        var torrent = new InfoHash(SHA1.HashData("implied"u8));
        Assert.Equal(1, await b.AnnounceAsync(torrent, 0));
        var found = await a.GetPeersAsync(torrent);
        Assert.Contains(new IPEndPoint(IPAddress.Loopback, b.LocalEndPoint.Port), found);
    }

    [Fact]
    public async Task A_node_names_itself_for_a_torrent_it_announced_until_it_withdraws()
    {
        // A is alone when it announces, so no other node stores the announce: a querier can find A only through A's
        // own get_peers answers.
        var a = await StartAsync();
        var torrent = new InfoHash(SHA1.HashData("announced by a lone node"u8));
        Assert.Equal(0, await a.AnnounceAsync(torrent, 40000).WaitAsync(TimeSpan.FromSeconds(20)));

        var b = await StartAsync();
        await b.BootstrapAsync([a.LocalEndPoint]).WaitAsync(TimeSpan.FromSeconds(20));
        var found = await b.GetPeersAsync(torrent).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 40000)], found);
        Assert.Empty(await b.GetPeersAsync(new InfoHash(SHA1.HashData("not announced"u8))).WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.True(a.IsAnnouncing(torrent));
        a.Withdraw(torrent);
        Assert.False(a.IsAnnouncing(torrent));
        Assert.Empty(await b.GetPeersAsync(torrent).WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task Routing_table_round_trips_through_bytes_with_the_same_id()
    {
        var seed = await StartAsync();
        var peers = new List<DhtNode>();
        for (var i = 0; i < 4; i++)
        {
            var node = await StartAsync();
            await node.BootstrapAsync([seed.LocalEndPoint]);
            peers.Add(node);
        }

        var saved = seed.SaveRoutingTable();
        Assert.Equal(4, seed.NodeCount);

        var restored = new DhtNode(FastSettings, TimeProvider.System);
        _nodes.Add(restored);
        Assert.Equal(4, restored.LoadRoutingTable(saved));
        Assert.Equal(seed.Id, restored.Id);
        await restored.StartAsync(Loopback);
        Assert.Equal(4, await restored.BootstrapAsync([]));

        Assert.Throws<FormatException>(() => restored.LoadRoutingTable("garbage"u8.ToArray()));
        Assert.Throws<FormatException>(() => restored.LoadRoutingTable("d2:idi1ee"u8.ToArray()));
        Assert.Throws<FormatException>(() => restored.LoadRoutingTable(Encoding.Latin1.GetBytes("d2:id20:abcdefghij01234567895:nodes5:abcdee")));
    }

    [Fact]
    public async Task Malformed_datagrams_get_a_203_or_silence_and_the_node_keeps_answering()
    {
        var node = await StartAsync();
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        string[] garbage =
        [
            "d1:ad2:id3:abce1:q4:ping1:t2:g11:y1:qe",                                  // short id
            "d1:ad2:id20:abcdefghij01234567896:target3:abce1:q9:find_node1:t2:g21:y1:qe", // short target
            "d1:ad2:id20:abcdefghij0123456789e1:q4:nope1:t2:g31:y1:qe",                // unknown method: 204
            "d1:ad2:id20:abcdefghij01234567899:info_hash20:mnopqrstuvwxyz1234564:porti1e5:token3:bade1:q13:announce_peer1:t2:g41:y1:qe", // bad token
            "d1:t2:g51:y1:zq",                                                           // broken bencode
            "\u0000\u0001\u0002",
        ];
        foreach (var text in garbage)
        {
            await udp.SendAsync(Encoding.Latin1.GetBytes(text), node.LocalEndPoint);
        }

        await udp.SendAsync(new byte[10_000], node.LocalEndPoint); // over the size limit: dropped

        var errors = new Dictionary<string, int>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(3);
        while (errors.Count < 4 && DateTime.UtcNow < deadline)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                var reply = await udp.ReceiveAsync(cts.Token);
                var message = KrpcMessage.Parse(reply.Buffer);
                Assert.Equal(KrpcMessageType.Error, message.Type);
                errors[Encoding.Latin1.GetString(message.Transaction.Span)] = message.ErrorCode;
            }
            catch (OperationCanceledException)
            {
            }
        }

        Assert.Equal(203, errors["g1"]);
        Assert.Equal(203, errors["g2"]);
        Assert.Equal(204, errors["g3"]);
        Assert.Equal(203, errors["g4"]);
        Assert.Equal(4, errors.Count);

        var other = await StartAsync();
        Assert.Equal(node.Id, await other.PingAsync(node.LocalEndPoint));
    }

    [Fact]
    public async Task Replies_are_rate_limited_per_source_ip()
    {
        var node = await StartAsync(FastSettings with { QueriesPerSecondPerIp = 1, QueryBurstPerIp = 10 });
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        for (var i = 0; i < 100; i++)
        {
            await udp.SendAsync(KrpcWriter.Ping([(byte)i, 0], NodeId.CreateRandom()), node.LocalEndPoint);
        }

        var replies = 0;
        while (true)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));
            try
            {
                await udp.ReceiveAsync(cts.Token);
                replies++;
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        Assert.InRange(replies, 10, 13);
    }

    [Fact]
    public async Task Unreachable_nodes_fail_fast_and_lookups_stay_bounded()
    {
        var node = await StartAsync(FastSettings with { QueryTimeout = TimeSpan.FromMilliseconds(500) });
        using var silent = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)); // bound but never answers
        var started = DateTime.UtcNow;
        Assert.Null(await node.PingAsync((IPEndPoint)silent.Client.LocalEndPoint!));
        Assert.Equal(0, await node.BootstrapAsync([(IPEndPoint)silent.Client.LocalEndPoint!]));
        Assert.Empty(await node.GetPeersAsync(new InfoHash(SHA1.HashData("x"u8))));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Stale_node_in_a_full_bucket_is_pinged_and_replaced_when_silent()
    {
        // k = 1: the far bucket holds one node; a silent one is replaced by a newcomer after failing its pings.
        var node = await StartAsync(FastSettings with { BucketSize = 1, MaxFailures = 1, QueryTimeout = TimeSpan.FromMilliseconds(300) });
        using var silent = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var own = node.Id;

        // The silent "node" introduces itself with a query (never answers ours), so it lands as questionable.
        var silentId = own.RandomWithPrefix(0);
        await silent.SendAsync(KrpcWriter.Ping("s1"u8, silentId), node.LocalEndPoint);
        await silent.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, node.NodeCount);

        // A real node in our own half splits the table; then a real far node arrives and finds the far bucket full.
        var near = await StartAsync(FastSettings with { NodeId = own.RandomWithPrefix(1) });
        await near.PingAsync(node.LocalEndPoint);
        var far = await StartAsync(FastSettings with { NodeId = own.RandomWithPrefix(0) });
        await far.PingAsync(node.LocalEndPoint);

        await Poll.UntilAsync(
            () => node.SaveRoutingTable().AsSpan().IndexOf(far.Id.AsSpan()) >= 0,
            TimeSpan.FromSeconds(10),
            () => $"the silent node was not replaced; {node.NodeCount} nodes");
        Assert.True(node.SaveRoutingTable().AsSpan().IndexOf(silentId.AsSpan()) < 0);
    }
}
