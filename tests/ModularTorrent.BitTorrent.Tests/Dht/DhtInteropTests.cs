using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using ModularTorrent.BitTorrent.Dht;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.Tests.Support;
using ModularTorrent.Interop.Tests;
using Xunit.Abstractions;

namespace ModularTorrent.BitTorrent.Tests.Dht;

/// <summary>Our DHT nodes and libtorrent's (python3-libtorrent) on 127.0.0.1 only, bootstrapped from each other.</summary>
public sealed class DhtInteropTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly List<DhtNode> _nodes = [];
    private readonly string _save = Path.Combine(Path.GetTempPath(), "mt-dht-" + Guid.NewGuid().ToString("N"));
    private LibtorrentScript? _libtorrent;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _libtorrent?.Dispose();
        if (Directory.Exists(_save))
        {
            Directory.Delete(_save, recursive: true);
        }
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }

    /// <summary>Our node A, libtorrent bootstrapped from A, and our node B bootstrapped from libtorrent only.</summary>
    private async Task<(DhtNode A, DhtNode B, IPEndPoint Libtorrent)> NetworkAsync()
    {
        var a = await StartNodeAsync();
        var port = FreePort.TcpAndUdp();
        _libtorrent = LibtorrentScript.Start("lt_dht.py", ["--port", port.ToString(CultureInfo.InvariantCulture), "--bootstrap", "127.0.0.1:" + a.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture), "--timeout", "90"]);
        await _libtorrent.WaitForAsync("ready", Bound);
        var libtorrent = new IPEndPoint(IPAddress.Loopback, port);

        // libtorrent pings/queries A when it bootstraps; wait until A has it in its table.
        await Poll.UntilAsync(() => a.NodeCount >= 1, Bound, () => "libtorrent never contacted our node\n" + _libtorrent.Output);
        var b = await StartNodeAsync();
        await b.BootstrapAsync([libtorrent]).WaitAsync(Bound);
        Assert.True(b.NodeCount >= 1, "B did not learn libtorrent's node");
        return (a, b, libtorrent);
    }

    private async Task<DhtNode> StartNodeAsync()
    {
        var node = new DhtNode(DhtNodeTests.FastSettings with { QueryTimeout = TimeSpan.FromSeconds(2) }, TimeProvider.System, output.TryWriteLine);
        _nodes.Add(node);
        await node.StartAsync(new IPEndPoint(IPAddress.Loopback, 0));
        return node;
    }


    [Fact]
    public async Task Our_node_finds_a_peer_libtorrent_announced()
    {
        var (a, b, libtorrent) = await NetworkAsync();
        var torrent = new InfoHash(SHA1.HashData("announced by libtorrent"u8));
        _libtorrent!.SendLine(JsonSerializer.Serialize(new { cmd = "add_torrent", infohash = torrent.ToHex(), save = _save }));

        // libtorrent's announce_peer (with the token our node gave it) lands in A's store ...
        await Poll.UntilAsync(() => a.StoredTorrentCount + b.StoredTorrentCount > 0, Bound, () => "libtorrent did not announce to our nodes\n" + _libtorrent.Output);

        // ... and B, which only knows libtorrent, finds it by walking through libtorrent's get_peers answers.
        IReadOnlyList<IPEndPoint> found = [];
        await Poll.UntilAsync(
            () =>
            {
                found = b.GetPeersAsync(torrent).WaitAsync(Bound).GetAwaiter().GetResult();
                return found.Contains(libtorrent);
            },
            Bound,
            () => $"found [{string.Join(", ", found)}]\n{_libtorrent.Output}");
    }

    [Fact]
    public async Task Libtorrent_finds_a_peer_our_node_announced()
    {
        var (a, b, libtorrent) = await NetworkAsync();
        var torrent = new InfoHash(SHA1.HashData("announced by us"u8));

        // B announces to the closest nodes it knows: libtorrent, which must accept our announce_peer, and A, the node
        // in libtorrent's table. libtorrent does not answer its own searches from its store, so A's get_peers
        // answer (our compact "values") is what it has to parse.
        await b.BootstrapAsync([a.LocalEndPoint]).WaitAsync(Bound);
        var accepted = await b.AnnounceAsync(torrent, 34567).WaitAsync(Bound);
        Assert.True(accepted >= 2, $"only {accepted} nodes accepted the announce");
        await _libtorrent!.WaitForAsync("incoming_announce", Bound, e => e.GetProperty("incoming_announce").GetString() == torrent.ToHex());

        _libtorrent.SendLine(JsonSerializer.Serialize(new { cmd = "get_peers", infohash = torrent.ToHex() }));
        await _libtorrent.WaitForAsync(
            "get_peers_reply",
            Bound,
            e => e.GetProperty("get_peers_reply").GetString() == torrent.ToHex()
                && e.GetProperty("peers").EnumerateArray().Any(p => p.GetString() == "127.0.0.1:34567"));
        Assert.NotNull(libtorrent);
    }
}
