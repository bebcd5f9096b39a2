using ModularTorrent.BitTorrent.Discovery;
using ModularTorrent.BitTorrent.Metainfo;
using static ModularTorrent.BitTorrent.Tests.Discovery.TrackerTestData;

namespace ModularTorrent.BitTorrent.Tests.Discovery;

/// <summary>The HTTP client against a scripted tracker on 127.0.0.1.</summary>
public sealed class HttpTrackerClientTests : IDisposable
{
    private const string Ok = "d8:intervali900e5:peers6:\u007f\u0000\u0000\u0001\u001a\u00e1e";
    private readonly HttpClient _http = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(20));

    public void Dispose()
    {
        _http.Dispose();
        _timeout.Dispose();
    }

    private HttpTrackerClient Client(string url, HttpTrackerOptions? options = null) =>
        new(new Uri(url), _http, TimeProvider.System, options);

    private static string Query(string target, string name) =>
        target[(target.IndexOf('?', StringComparison.Ordinal) + 1)..].Split('&')
            .Select(p => p.Split('=', 2))
            .Single(p => p[0] == name)[1];

    [Fact]
    public async Task Query_carries_raw_percent_encoded_bytes_and_every_field()
    {
        await using var server = new ScriptedHttpTracker(_ => HttpReply.Ok(Ok));
        using var client = Client(server.AnnounceUrl + "?passkey=p%20k");
        var hash = new InfoHash([0x00, 0x01, 0x7F, 0x80, 0xFF, 0x20, 0x25, 0x26, 0x3D, 0x2B, 0x41, 0x7E, 0x2E, 0x2D, 0x5F, 0x0A, 0x0D, 0x3F, 0x23, 0xC3]);
        var request = new AnnounceRequest(hash, PeerId("q"), 51413, 11, 22, 33, AnnounceEvent.Started, 75);

        var response = await client.AnnounceAsync(request, _timeout.Token);

        var target = Assert.Single(server.Targets);
        Assert.StartsWith("/announce?passkey=p%20k&info_hash=", target, StringComparison.Ordinal);
        Assert.Equal(hash.ToArray(), TrackerUrlEncodingTests.PercentDecode(Query(target, "info_hash")));
        Assert.Equal(PeerId("q"), TrackerUrlEncodingTests.PercentDecode(Query(target, "peer_id")));
        Assert.Equal("51413", Query(target, "port"));
        Assert.Equal("11", Query(target, "uploaded"));
        Assert.Equal("22", Query(target, "downloaded"));
        Assert.Equal("33", Query(target, "left"));
        Assert.Equal("1", Query(target, "compact"));
        Assert.Equal("75", Query(target, "numwant"));
        Assert.Equal("started", Query(target, "event"));
        Assert.Single(response.Peers);
    }

    [Theory]
    [InlineData(AnnounceEvent.Completed, "completed")]
    [InlineData(AnnounceEvent.Stopped, "stopped")]
    public async Task Events_are_named(AnnounceEvent evt, string expected)
    {
        await using var server = new ScriptedHttpTracker(_ => HttpReply.Ok(Ok));
        using var client = Client(server.AnnounceUrl);

        await client.AnnounceAsync(Request(RandomHash(), evt: evt), _timeout.Token);

        Assert.Equal(expected, Query(Assert.Single(server.Targets), "event"));
    }

    [Fact]
    public async Task A_regular_announce_sends_no_event()
    {
        await using var server = new ScriptedHttpTracker(_ => HttpReply.Ok(Ok));
        using var client = Client(server.AnnounceUrl);

        await client.AnnounceAsync(Request(RandomHash(), evt: AnnounceEvent.None), _timeout.Token);

        Assert.DoesNotContain("event=", Assert.Single(server.Targets), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_request_asks_for_its_own_connection()
    {
        // Trackers (opentracker among them) close after answering; reusing a pooled connection then fails with a reset.
        await using var server = new ScriptedHttpTracker(_ => HttpReply.Ok(Ok));
        using var client = Client(server.AnnounceUrl);

        await client.AnnounceAsync(Request(RandomHash()), _timeout.Token);

        Assert.Contains("Connection: close", Assert.Single(server.Heads), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Tracker_id_is_remembered_and_sent_back()
    {
        await using var server = new ScriptedHttpTracker(_ => HttpReply.Ok("d8:intervali900e5:peers0:10:tracker id6:abc/12e"));
        using var client = Client(server.AnnounceUrl);
        var hash = RandomHash();

        await client.AnnounceAsync(Request(hash), _timeout.Token);
        await client.AnnounceAsync(Request(hash, evt: AnnounceEvent.None), _timeout.Token);

        var targets = server.Targets.ToArray();
        Assert.DoesNotContain("trackerid=", targets[0], StringComparison.Ordinal);
        Assert.Equal("abc%2F12", Query(targets[1], "trackerid"));
        Assert.Equal("abc/12", client.TrackerId);
    }

    [Fact]
    public async Task Failure_reason_is_a_refusal_with_the_trackers_text()
    {
        await using var server = new ScriptedHttpTracker(_ => HttpReply.Ok("d14:failure reason17:unregistered hashe"));
        using var client = Client(server.AnnounceUrl);

        var ex = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(Request(RandomHash()), _timeout.Token));

        Assert.Equal(TrackerErrorKind.Refused, ex.Kind);
        Assert.Equal("unregistered hash", ex.Message);
    }

    [Fact]
    public async Task Http_error_status_is_a_transport_error_naming_the_status()
    {
        await using var server = new ScriptedHttpTracker(_ => new HttpReply(503, "busy"u8.ToArray()));
        using var client = Client(server.AnnounceUrl);

        var ex = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(Request(RandomHash()), _timeout.Token));

        Assert.Equal(TrackerErrorKind.Transport, ex.Kind);
        Assert.Contains("HTTP 503", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Html_instead_of_bencode_is_malformed_with_the_offset()
    {
        await using var server = new ScriptedHttpTracker(_ => HttpReply.Ok("<html>hello</html>"));
        using var client = Client(server.AnnounceUrl);

        var ex = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(Request(RandomHash()), _timeout.Token));

        Assert.Equal(TrackerErrorKind.Malformed, ex.Kind);
        Assert.Contains("byte offset 0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tracker_that_keeps_dropping_the_connection_is_a_transport_error_after_one_retry()
    {
        await using var server = new ScriptedHttpTracker(_ => new HttpReply(200, [], Drop: true));
        using var client = Client(server.AnnounceUrl);

        var ex = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(Request(RandomHash()), _timeout.Token));

        Assert.Equal(TrackerErrorKind.Transport, ex.Kind);
        Assert.Equal(2, server.Targets.Count);
    }

    [Fact]
    public async Task One_dropped_connection_is_retried_at_once_and_the_answer_used()
    {
        var requests = 0;
        await using var server = new ScriptedHttpTracker(_ => Interlocked.Increment(ref requests) == 1
            ? new HttpReply(200, [], Drop: true)
            : HttpReply.Ok("d8:intervali900e5:peers6:\u007f\u0000\u0000\u0001\u001f\u0090e"));
        using var client = Client(server.AnnounceUrl);

        var response = await client.AnnounceAsync(Request(RandomHash()), _timeout.Token);

        Assert.Equal(2, server.Targets.Count);
        Assert.Equal([new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 8080)], response.Peers);
    }

    [Fact]
    public async Task An_http_error_is_not_retried()
    {
        await using var server = new ScriptedHttpTracker(_ => new HttpReply(503, []));
        using var client = Client(server.AnnounceUrl);

        var ex = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(Request(RandomHash()), _timeout.Token));

        Assert.Equal(TrackerErrorKind.Transport, ex.Kind);
        Assert.Single(server.Targets);
    }

    [Fact]
    public async Task A_slow_tracker_times_out()
    {
        await using var server = new ScriptedHttpTracker(_ => new HttpReply(200, "de"u8.ToArray(), Delay: TimeSpan.FromSeconds(5)));
        using var client = Client(server.AnnounceUrl, new HttpTrackerOptions { Timeout = TimeSpan.FromMilliseconds(300) });

        var ex = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(Request(RandomHash()), _timeout.Token));

        Assert.Equal(TrackerErrorKind.Timeout, ex.Kind);
    }

    [Fact]
    public async Task An_oversized_answer_is_refused()
    {
        var huge = new byte[200_000];
        huge.AsSpan().Fill((byte)'x');
        await using var server = new ScriptedHttpTracker(_ => HttpReply.Ok(huge));
        using var client = Client(server.AnnounceUrl, new HttpTrackerOptions { MaxResponseBytes = 100_000 });

        var ex = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(Request(RandomHash()), _timeout.Token));

        Assert.Equal(TrackerErrorKind.Malformed, ex.Kind);
        Assert.Contains("larger than 100000 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nobody_listening_is_a_transport_error()
    {
        int port;
        await using (var gone = new ScriptedHttpTracker(_ => HttpReply.Ok(Ok)))
        {
            port = gone.Port;
        }

        using var client = Client($"http://127.0.0.1:{port}/announce");

        var ex = await Assert.ThrowsAsync<TrackerException>(() => client.AnnounceAsync(Request(RandomHash()), _timeout.Token));

        Assert.Equal(TrackerErrorKind.Transport, ex.Kind);
    }

    [Fact]
    public async Task Scrape_uses_the_derived_url_and_every_hash()
    {
        var a = RandomHash();
        var b = RandomHash();
        var body = new List<byte>("d5:filesd20:"u8.ToArray());
        body.AddRange(a.ToArray());
        body.AddRange("d8:completei1e10:downloadedi2e10:incompletei3ee20:"u8.ToArray());
        body.AddRange(b.ToArray());
        body.AddRange("d8:completei4e10:downloadedi5e10:incompletei6eeee"u8.ToArray());
        await using var server = new ScriptedHttpTracker(_ => HttpReply.Ok([.. body]));
        using var client = Client(server.AnnounceUrl);

        var stats = await client.ScrapeAsync([a, b], _timeout.Token);

        var target = Assert.Single(server.Targets);
        Assert.StartsWith("/scrape?info_hash=", target, StringComparison.Ordinal);
        Assert.Equal(2, target.Split("info_hash=").Length - 1);
        Assert.Equal(new ScrapeStats(1, 2, 3), stats[a]);
        Assert.Equal(new ScrapeStats(4, 5, 6), stats[b]);
    }

    [Fact]
    public async Task Scrape_without_the_convention_is_unsupported()
    {
        using var client = Client("http://127.0.0.1:1/tracker");

        var ex = await Assert.ThrowsAsync<TrackerException>(() => client.ScrapeAsync([RandomHash()], _timeout.Token));

        Assert.Equal(TrackerErrorKind.Unsupported, ex.Kind);
    }

    [Fact]
    public async Task Invalid_requests_are_refused_before_sending()
    {
        await using var server = new ScriptedHttpTracker(_ => HttpReply.Ok(Ok));
        using var client = Client(server.AnnounceUrl);

        await Assert.ThrowsAsync<ArgumentException>(() => client.AnnounceAsync(Request(RandomHash()) with { PeerId = new byte[19] }, _timeout.Token));
        await Assert.ThrowsAsync<ArgumentException>(() => client.AnnounceAsync(Request(RandomHash()) with { Port = 0 }, _timeout.Token));
        await Assert.ThrowsAsync<ArgumentException>(() => client.AnnounceAsync(Request(default), _timeout.Token));
        Assert.Empty(server.Targets);
    }
}
