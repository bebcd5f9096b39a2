using System.Buffers.Binary;
using System.Net;
using ModularTorrent.BitTorrent.Discovery;
using static ModularTorrent.BitTorrent.Tests.Discovery.TrackerTestData;

namespace ModularTorrent.BitTorrent.Tests.Discovery;

/// <summary>The BEP 15 client against a scripted UDP tracker on 127.0.0.1.</summary>
public sealed class UdpTrackerClientTests : IDisposable
{
    // Generous enough that a cold JIT on a busy machine never causes a retransmission where a test counts datagrams.
    private static readonly UdpTrackerOptions Fast = new() { BaseTimeout = TimeSpan.FromSeconds(2), MaxRetransmissions = 1 };
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(20));

    public void Dispose() => _timeout.Dispose();

    private static UdpTrackerClient Client(ScriptedUdpTracker server, TimeProvider? clock = null, UdpTrackerOptions? options = null) =>
        new(new Uri(server.AnnounceUrl), clock ?? TimeProvider.System, options ?? Fast);

    private static byte[][] Announces(ScriptedUdpTracker server) =>
        server.Received.Select(r => r.Datagram).Where(d => ActionOf(d) == 1).ToArray();

    [Fact]
    public async Task Connect_then_announce_with_the_exact_layout()
    {
        await using var server = new ScriptedUdpTracker((d, _) => Cooperative(d));
        using var client = Client(server);
        var hash = RandomHash();
        var request = new AnnounceRequest(hash, PeerId("u"), 51413, 300, 200, 100, AnnounceEvent.Started, 80);

        var response = await client.AnnounceAsync(request, _timeout.Token);

        var sent = server.Received.Select(r => r.Datagram).ToArray();
        Assert.Equal(2, sent.Length);
        var connect = sent[0];
        Assert.Equal(16, connect.Length);
        Assert.Equal(0x41727101980, BinaryPrimitives.ReadInt64BigEndian(connect));
        Assert.Equal(0, ActionOf(connect));
        var announce = sent[1];
        Assert.Equal(98, announce.Length);
        Assert.Equal(0x1122334455667788, ConnectionOf(announce));
        Assert.Equal(1, ActionOf(announce));
        Assert.Equal(hash.ToArray(), announce[16..36]);
        Assert.Equal(PeerId("u"), announce[36..56]);
        Assert.Equal(200, BinaryPrimitives.ReadInt64BigEndian(announce.AsSpan(56)));
        Assert.Equal(100, BinaryPrimitives.ReadInt64BigEndian(announce.AsSpan(64)));
        Assert.Equal(300, BinaryPrimitives.ReadInt64BigEndian(announce.AsSpan(72)));
        Assert.Equal(2, BinaryPrimitives.ReadInt32BigEndian(announce.AsSpan(80)));
        Assert.Equal(0, BinaryPrimitives.ReadInt32BigEndian(announce.AsSpan(84)));
        Assert.Equal(80, BinaryPrimitives.ReadInt32BigEndian(announce.AsSpan(92)));
        Assert.Equal(51413, BinaryPrimitives.ReadUInt16BigEndian(announce.AsSpan(96)));

        Assert.Equal(TimeSpan.FromSeconds(900), response.Interval);
        Assert.Equal(2, response.Seeders);
        Assert.Equal(3, response.Leechers);
        Assert.Equal([new IPEndPoint(IPAddress.Parse("10.0.0.7"), 51413)], response.Peers);
    }

    [Theory]
    [InlineData(AnnounceEvent.None, 0)]
    [InlineData(AnnounceEvent.Completed, 1)]
    [InlineData(AnnounceEvent.Started, 2)]
    [InlineData(AnnounceEvent.Stopped, 3)]
    public async Task Event_codes_follow_bep_15(AnnounceEvent evt, int code)
    {
        await using var server = new ScriptedUdpTracker((d, _) => Cooperative(d));
        using var client = Client(server);

        await client.AnnounceAsync(Request(RandomHash(), evt: evt), _timeout.Token);

        Assert.Equal(code, BinaryPrimitives.ReadInt32BigEndian(Announces(server).Single().AsSpan(80)));
    }

    [Fact]
    public async Task Connection_id_is_reused_for_a_minute_then_renewed()
    {
        var clock = new ManualClock();
        await using var server = new ScriptedUdpTracker((d, _) => Cooperative(d));
        using var client = Client(server, clock);
        var hash = RandomHash();

        await client.AnnounceAsync(Request(hash), _timeout.Token);
        clock.Advance(TimeSpan.FromSeconds(59));
        await client.AnnounceAsync(Request(hash, evt: AnnounceEvent.None), _timeout.Token);
        clock.Advance(TimeSpan.FromSeconds(2));
        await client.AnnounceAsync(Request(hash, evt: AnnounceEvent.None), _timeout.Token);

        Assert.Equal([0, 1, 1, 0, 1], server.Received.Select(r => ActionOf(r.Datagram)));
    }

    [Fact]
    public async Task Lost_answers_are_retransmitted_with_doubling_waits()
    {
        var announcesSeen = 0;
        await using var server = new ScriptedUdpTracker((d, _) =>
            ActionOf(d) == 1 && Interlocked.Increment(ref announcesSeen) <= 2 ? [] : Cooperative(d));
        using var client = Client(server, options: new UdpTrackerOptions { BaseTimeout = TimeSpan.FromMilliseconds(200), MaxRetransmissions = 4 });

        var response = await client.AnnounceAsync(Request(RandomHash()), _timeout.Token);

        var announces = server.Received.Where(r => ActionOf(r.Datagram) == 1).Select(r => r.At).ToArray();
        Assert.True(announces.Length >= 3, $"{announces.Length} announces");
        var first = announces[1] - announces[0];
        var second = announces[2] - announces[1];

        // Waits are 15*2^n with the base scaled to 200 ms: at least 200 ms, then at least 400 ms.
        Assert.True(first >= TimeSpan.FromMilliseconds(190), $"first wait {first.TotalMilliseconds} ms");
        Assert.True(second >= TimeSpan.FromMilliseconds(390), $"second wait {second.TotalMilliseconds} ms");
        Assert.Equal(server.Received.Count, client.DatagramsSent);
        Assert.Single(response.Peers);
    }

    [Fact]
    public async Task A_silent_tracker_times_out_after_the_bounded_attempts()
    {
        await using var server = new ScriptedUdpTracker((_, _) => []);
        using var client = Client(server, options: new UdpTrackerOptions { BaseTimeout = TimeSpan.FromMilliseconds(50), MaxRetransmissions = 2 });

        var ex = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(Request(RandomHash()), _timeout.Token));

        Assert.Equal(TrackerErrorKind.Timeout, ex.Kind);
        Assert.Contains("did not answer 3 attempts over 0.35 s", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, server.Received.Count);
        Assert.All(server.Received, r => Assert.Equal(0, ActionOf(r.Datagram)));
    }

    [Fact]
    public async Task Answers_with_another_transaction_id_are_ignored()
    {
        await using var server = new ScriptedUdpTracker((d, _) =>
        {
            var right = Cooperative(d);
            var wrong = (byte[])right[0].Clone();
            BinaryPrimitives.WriteInt32BigEndian(wrong.AsSpan(4), TransactionOf(d) ^ 0x5A5A);
            BinaryPrimitives.WriteInt64BigEndian(wrong.AsSpan(8), 0x0BADBAD);
            return [wrong, [1, 2, 3], right[0]];
        });
        using var client = Client(server);

        var response = await client.AnnounceAsync(Request(RandomHash()), _timeout.Token);

        Assert.Single(response.Peers);
        Assert.Equal(0x1122334455667788, ConnectionOf(Announces(server).Single()));
    }

    [Fact]
    public async Task Only_wrong_transaction_ids_end_in_a_timeout_not_a_trusted_answer()
    {
        await using var server = new ScriptedUdpTracker((d, _) => [ConnectReply(TransactionOf(d) + 1, 7)]);
        using var client = Client(server, options: new UdpTrackerOptions { BaseTimeout = TimeSpan.FromMilliseconds(50), MaxRetransmissions = 1 });

        var ex = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(Request(RandomHash()), _timeout.Token));

        Assert.Equal(TrackerErrorKind.Timeout, ex.Kind);
    }

    [Fact]
    public async Task Error_action_is_a_refusal_with_the_message_and_the_next_request_reconnects()
    {
        var refuse = 1;
        await using var server = new ScriptedUdpTracker((d, _) =>
            ActionOf(d) == 1 && Interlocked.Exchange(ref refuse, 0) == 1
                ? [ErrorReply(TransactionOf(d), "Connection ID missmatch.")]
                : Cooperative(d));
        using var client = Client(server);

        var ex = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(Request(RandomHash()), _timeout.Token));
        await client.AnnounceAsync(Request(RandomHash()), _timeout.Token);

        Assert.Equal(TrackerErrorKind.Refused, ex.Kind);
        Assert.Equal("Connection ID missmatch.", ex.Message);
        Assert.Equal([0, 1, 0, 1], server.Received.Select(r => ActionOf(r.Datagram)));
    }

    public static TheoryData<string, string> MalformedAnswers => new()
    {
        { "short-connect", "A connect answer is 16 bytes, got 12" },
        { "short-announce", "An announce answer is at least 20 bytes, got 12" },
        { "ragged-peers", "not a whole number of 6-byte entries" },
        { "negative-interval", "negative field" },
        { "wrong-action", "answered action 2 to a request of action 1" },
    };

    [Theory]
    [MemberData(nameof(MalformedAnswers))]
    public async Task Malformed_answers_get_precise_errors(string kind, string expected)
    {
        await using var server = new ScriptedUdpTracker((d, _) =>
        {
            var tid = TransactionOf(d);
            if (ActionOf(d) == 0)
            {
                return kind == "short-connect" ? [ConnectReply(tid, 1)[..12]] : [ConnectReply(tid, 1)];
            }

            var ok = AnnounceReply(tid, 60, 1, 1, new IPEndPoint(IPAddress.Loopback, 1000));
            return kind switch
            {
                "short-announce" => [ok[..12]],
                "ragged-peers" => [ok[..^1]],
                "negative-interval" => [AnnounceReply(tid, -1, 0, 0)],
                _ => [ScrapeReply(tid)],
            };
        });
        using var client = Client(server);

        var ex = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(Request(RandomHash()), _timeout.Token));

        Assert.Equal(TrackerErrorKind.Malformed, ex.Kind);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scrape_sends_every_hash_and_reads_counts_in_order()
    {
        var a = RandomHash();
        var b = RandomHash();
        await using var server = new ScriptedUdpTracker((d, _) =>
            ActionOf(d) == 0 ? Cooperative(d) : [ScrapeReply(TransactionOf(d), (1, 2, 3), (4, 5, 6))]);
        using var client = Client(server);

        var stats = await client.ScrapeAsync([a, b], _timeout.Token);

        var scrape = server.Received.Select(r => r.Datagram).Single(d => ActionOf(d) == 2);
        Assert.Equal(16 + 40, scrape.Length);
        Assert.Equal(a.ToArray(), scrape[16..36]);
        Assert.Equal(b.ToArray(), scrape[36..56]);
        Assert.Equal(new ScrapeStats(1, 2, 3), stats[a]);
        Assert.Equal(new ScrapeStats(4, 5, 6), stats[b]);
    }

    [Fact]
    public async Task Scrape_with_missing_entries_is_malformed()
    {
        await using var server = new ScriptedUdpTracker((d, _) =>
            ActionOf(d) == 0 ? Cooperative(d) : [ScrapeReply(TransactionOf(d), (1, 2, 3))]);
        using var client = Client(server);

        var ex = await Assert.ThrowsAsync<TrackerException>(() => client.ScrapeAsync([RandomHash(), RandomHash()], _timeout.Token));

        Assert.Equal(TrackerErrorKind.Malformed, ex.Kind);
        Assert.Contains("for 2 torrents needs 32 bytes, got 20", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_port_fails_fast_as_transport()
    {
        int port;
        await using (var gone = new ScriptedUdpTracker((_, _) => []))
        {
            port = gone.Port;
        }

        using var client = new UdpTrackerClient(new Uri($"udp://127.0.0.1:{port}"), TimeProvider.System, Fast);

        var ex = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(Request(RandomHash()), _timeout.Token));

        Assert.Equal(TrackerErrorKind.Transport, ex.Kind);
    }

    [Fact]
    public void Options_are_bounded_as_bep_15_says()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new UdpTrackerOptions { MaxRetransmissions = 9 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new UdpTrackerOptions { MaxRetransmissions = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new UdpTrackerOptions { BaseTimeout = TimeSpan.Zero });
        Assert.Equal(TimeSpan.FromSeconds(3840), UdpTrackerOptions.Default.TimeoutFor(8));
        Assert.Equal(TimeSpan.FromSeconds(15), UdpTrackerOptions.Default.TimeoutFor(0));
    }

    [Theory]
    [InlineData("udp://127.0.0.1/announce")]
    [InlineData("http://127.0.0.1:80/announce")]
    public void Urls_without_a_port_or_of_another_scheme_are_refused(string url)
    {
        Assert.Throws<ArgumentException>(() => new UdpTrackerClient(new Uri(url), TimeProvider.System));
    }
}
