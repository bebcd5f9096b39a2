using System.Net;
using System.Net.Sockets;
using FsCheck;
using FsCheck.Fluent;
using ModularTorrent.BitTorrent.Dht;

namespace ModularTorrent.BitTorrent.Tests.Dht;

public sealed class KrpcHostileInputTests
{
    private static readonly NodeId Sender = NodeId.CreateRandom();

    internal static IEnumerable<byte[]> ValidMessages()
    {
        yield return KrpcWriter.Ping("aa"u8, Sender);
        yield return KrpcWriter.FindNode("ab"u8, Sender, NodeId.CreateRandom());
        yield return KrpcWriter.GetPeers("ac"u8, Sender, NodeId.CreateRandom());
        yield return KrpcWriter.AnnouncePeer("ad"u8, Sender, NodeId.CreateRandom(), 6881, new byte[8]);
        yield return KrpcWriter.Response("ae"u8, Sender, new byte[52], new byte[8], [new IPEndPoint(IPAddress.Loopback, 1)]);
        yield return KrpcWriter.Error("af"u8, 203, "x");
    }

    internal static byte[] Mutate(byte[] valid, Random random)
    {
        var bytes = (byte[])valid.Clone();
        switch (random.Next(4))
        {
            case 0:
                for (var i = 0; i < 1 + random.Next(4); i++)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }

                return bytes;
            case 1:
                return bytes[..random.Next(bytes.Length)];
            case 2:
                {
                    // Digits are where bencode lengths live; bump one.
                    var digits = Enumerable.Range(0, bytes.Length).Where(i => bytes[i] is >= (byte)'0' and <= (byte)'9').ToList();
                    if (digits.Count > 0)
                    {
                        bytes[digits[random.Next(digits.Count)]] = (byte)('0' + random.Next(10));
                    }

                    return bytes;
                }

            default:
                return [.. bytes, .. Enumerable.Range(0, random.Next(1, 20)).Select(_ => (byte)random.Next(256))];
        }
    }

    [Fact]
    public void Random_bytes_only_ever_raise_krpc_exceptions()
    {
        Prop.ForAll<byte[]>(bytes =>
        {
            try
            {
                KrpcMessage.Parse(bytes ?? []);
            }
            catch (KrpcException)
            {
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Mutated_messages_only_ever_raise_krpc_exceptions()
    {
        var random = new Random(5);
        var valid = ValidMessages().ToList();
        for (var i = 0; i < 5000; i++)
        {
            var bytes = Mutate(valid[i % valid.Count], random);
            try
            {
                var message = KrpcMessage.Parse(bytes);
                _ = message.OptionalBytes("nodes");
                _ = message.OptionalList("values");
            }
            catch (KrpcException)
            {
            }
        }
    }

    [Fact]
    public async Task A_node_survives_a_burst_of_mutated_datagrams()
    {
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var node = new DhtNode(DhtNodeTests.FastSettings with { QueriesPerSecondPerIp = 10_000, QueryBurstPerIp = 10_000 }, TimeProvider.System, log.Enqueue);
        await node.StartAsync(new IPEndPoint(IPAddress.Loopback, 0));
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var random = new Random(9);
        var valid = ValidMessages().ToList();
        for (var i = 0; i < 2000; i++)
        {
            await udp.SendAsync(Mutate(valid[i % valid.Count], random), node.LocalEndPoint);
        }

        await using var other = new DhtNode(DhtNodeTests.FastSettings, TimeProvider.System);
        await other.StartAsync(new IPEndPoint(IPAddress.Loopback, 0));
        // The node works through the backlog and then answers; every attempt is bounded by the query timeout.
        NodeId? answer = null;
        for (var attempt = 0; attempt < 10 && answer is null; attempt++)
        {
            answer = await other.PingAsync(node.LocalEndPoint);
        }

        Assert.True(node.Id == answer, $"no answer; log: {string.Join(" | ", log.TakeLast(20))}");
    }
}
