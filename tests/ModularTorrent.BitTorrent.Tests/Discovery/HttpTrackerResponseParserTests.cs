using System.Net;
using System.Text;
using ModularTorrent.BitTorrent.Discovery;
using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.Tests.Discovery;

public sealed class HttpTrackerResponseParserTests
{
    private static ReadOnlyMemory<byte> B(string bencoded) => Encoding.Latin1.GetBytes(bencoded);

    /// <summary>Joins text (as Latin-1) and raw bytes, so binary parts need no string escapes.</summary>
    private static byte[] Join(params object[] parts) =>
        [.. parts.SelectMany(p => p is string s ? Encoding.Latin1.GetBytes(s) : (byte[])p)];

    [Fact]
    public void Compact_ipv4_peers_intervals_and_counts()
    {
        var response = HttpTrackerResponseParser.ParseAnnounce(Join(
            "d8:completei5e10:incompletei7e8:intervali1800e12:min intervali60e5:peers12:",
            new byte[] { 127, 0, 0, 1, 0x1A, 0xE1, 10, 0, 0, 2, 0xC8, 0xD5 },
            "e"));

        Assert.Equal(TimeSpan.FromSeconds(1800), response.Interval);
        Assert.Equal(TimeSpan.FromSeconds(60), response.MinInterval);
        Assert.Equal(5, response.Seeders);
        Assert.Equal(7, response.Leechers);
        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 6881), new IPEndPoint(IPAddress.Parse("10.0.0.2"), 51413)], response.Peers);
        Assert.Null(response.Warning);
        Assert.Null(response.TrackerId);
    }

    [Fact]
    public void Dictionary_peers_keep_valid_entries_and_drop_names_and_bad_ports()
    {
        var response = HttpTrackerResponseParser.ParseAnnounce(B(
            "d8:intervali900e5:peersl" +
            "d2:ip9:127.0.0.17:peer id20:aaaaaaaaaaaaaaaaaaaa4:porti6881ee" +
            "d2:ip7:fe80::14:porti7000ee" +
            "d2:ip15:tracker.example4:porti1ee" +
            "d2:ip8:10.0.0.94:porti0ee" +
            "d2:ip8:10.0.0.94:porti70000ee" +
            "i5e" +
            "ee"));

        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 6881), new IPEndPoint(IPAddress.Parse("fe80::1"), 7000)], response.Peers);
    }

    [Fact]
    public void Peers6_are_added_to_ipv4_peers()
    {
        var v6 = IPAddress.Parse("2001:db8::5").GetAddressBytes();
        var body = Join("d8:intervali60e5:peers6:", new byte[] { 1, 2, 3, 4, 0, 80 }, "6:peers618:", v6, new byte[] { 0x1F, 0x90 }, "e");

        var response = HttpTrackerResponseParser.ParseAnnounce(body);

        Assert.Equal([new IPEndPoint(IPAddress.Parse("1.2.3.4"), 80), new IPEndPoint(IPAddress.Parse("2001:db8::5"), 8080)], response.Peers);
    }

    [Fact]
    public void Failure_reason_is_a_refusal_carrying_the_text()
    {
        var ex = Assert.Throws<TrackerException>(() => HttpTrackerResponseParser.ParseAnnounce(B("d14:failure reason22:torrent not registerede")));

        Assert.Equal(TrackerErrorKind.Refused, ex.Kind);
        Assert.Equal("torrent not registered", ex.Message);
    }

    [Fact]
    public void Warning_and_tracker_id_are_read()
    {
        var response = HttpTrackerResponseParser.ParseAnnounce(B("d8:intervali60e5:peers0:10:tracker id3:T-115:warning message9:slow downe"));

        Assert.Equal("T-1", response.TrackerId);
        Assert.Equal("slow down", response.Warning);
        Assert.Empty(response.Peers);
    }

    [Fact]
    public void Missing_interval_falls_back_to_thirty_minutes()
    {
        Assert.Equal(TimeSpan.FromMinutes(30), HttpTrackerResponseParser.ParseAnnounce(B("d5:peers0:e")).Interval);
    }

    [Theory]
    [InlineData("<html>404</html>", "not a bencoded dictionary")]
    [InlineData("d8:intervali60e", "not a bencoded dictionary")]
    [InlineData("li1ee", "not a bencoded dictionary")]
    [InlineData("d8:interval3:abce", "'interval' is not a number of seconds")]
    [InlineData("d8:intervali-5ee", "'interval' is not a number of seconds")]
    [InlineData("d8:intervali60e5:peers5:abcdee", "not a whole number of 6-byte entries")]
    [InlineData("d8:intervali60e6:peers67:abcdefge", "not a whole number of 18-byte entries")]
    [InlineData("d8:intervali60e5:peersi3ee", "'peers' is neither")]
    [InlineData("d8:completei-1e8:intervali60ee", "'complete' is not a count")]
    [InlineData("d8:intervali60e10:tracker idi5ee", "'tracker id' is not a string")]
    [InlineData("d1:alllllllllleeeeeeeeeee", "not a bencoded dictionary")]
    public void Malformed_answers_get_precise_errors(string body, string expected)
    {
        var ex = Assert.Throws<TrackerException>(() => HttpTrackerResponseParser.ParseAnnounce(B(body)));

        Assert.Equal(TrackerErrorKind.Malformed, ex.Kind);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scrape_files_are_keyed_by_raw_hash()
    {
        var hash = new InfoHash(Enumerable.Range(200, 20).Select(i => (byte)i).ToArray());
        var body = Join("d5:filesd20:", hash.ToArray(), "d8:completei3e10:downloadedi9e10:incompletei4eeee");

        var stats = HttpTrackerResponseParser.ParseScrape(body);

        Assert.Equal(new ScrapeStats(3, 9, 4), stats[hash]);
    }

    [Theory]
    [InlineData("de", "no 'files' dictionary")]
    [InlineData("d5:filesd3:abcdeee", "A scrape key is 3 bytes")]
    [InlineData("d5:filesd20:aaaaaaaaaaaaaaaaaaaai1eee", "not a dictionary")]
    public void Malformed_scrapes_get_precise_errors(string body, string expected)
    {
        var ex = Assert.Throws<TrackerException>(() => HttpTrackerResponseParser.ParseScrape(B(body)));

        Assert.Equal(TrackerErrorKind.Malformed, ex.Kind);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
