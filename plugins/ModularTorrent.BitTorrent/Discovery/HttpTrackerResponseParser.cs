using System.Net;
using ModularTorrent.BitTorrent.Bencoding;
using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.Discovery;

/// <summary>Reads the bencoded answers of HTTP trackers (BEP 3, 7, 23, 48).</summary>
public static class HttpTrackerResponseParser
{
    /// <summary>The interval assumed when a tracker sends none (the common tracker default).</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(30);

    // A tracker answer is a small dictionary; a deep one is an attack or a bug.
    private static readonly BencodeLimits Limits = new() { MaxDepth = 8 };

    /// <summary>Parses an announce answer.</summary>
    /// <param name="body">The HTTP body.</param>
    /// <returns>The answer.</returns>
    /// <exception cref="TrackerException">
    /// <see cref="TrackerErrorKind.Refused"/> with the tracker's <c>failure reason</c> as the message, or
    /// <see cref="TrackerErrorKind.Malformed"/> naming what is wrong.
    /// </exception>
    public static AnnounceResponse ParseAnnounce(ReadOnlyMemory<byte> body)
    {
        var root = ParseRoot(body);
        var interval = ReadSeconds(root, "interval") ?? DefaultInterval;
        var minInterval = ReadSeconds(root, "min interval");
        var peers = new List<IPEndPoint>();
        switch (root.Find("peers"))
        {
            case null:
                break;
            case BencodeString compact:
                CompactPeers.Parse(compact.Bytes.Span, CompactPeers.IPv4EntryLength, peers);
                break;
            case BencodeList list:
                ReadDictionaryPeers(list, peers);
                break;
            default:
                throw Malformed("'peers' is neither a compact string nor a list.");
        }

        switch (root.Find("peers6"))
        {
            case null:
                break;
            case BencodeString compact6:
                CompactPeers.Parse(compact6.Bytes.Span, CompactPeers.IPv6EntryLength, peers);
                break;
            default:
                throw Malformed("'peers6' is not a compact string.");
        }

        return new AnnounceResponse(
            interval,
            minInterval,
            peers,
            ReadCount(root, "complete"),
            ReadCount(root, "incomplete"),
            ReadText(root, "tracker id"),
            ReadText(root, "warning message"));
    }

    /// <summary>Parses a scrape answer: <c>files</c> maps each raw 20-byte info-hash to its counts.</summary>
    /// <param name="body">The HTTP body.</param>
    /// <returns>The counts per torrent.</returns>
    /// <exception cref="TrackerException">Refused (<c>failure reason</c>) or malformed.</exception>
    public static IReadOnlyDictionary<InfoHash, ScrapeStats> ParseScrape(ReadOnlyMemory<byte> body)
    {
        var root = ParseRoot(body);
        if (root.Find("files") is not BencodeDictionary files)
        {
            throw Malformed("The scrape answer has no 'files' dictionary.");
        }

        var result = new Dictionary<InfoHash, ScrapeStats>();
        foreach (var (key, value) in files.Entries)
        {
            if (key.Length != InfoHash.Length)
            {
                throw Malformed($"A scrape key is {key.Length} bytes; an info-hash is {InfoHash.Length}.");
            }

            if (value is not BencodeDictionary stats)
            {
                throw Malformed("A scrape entry is not a dictionary.");
            }

            result[new InfoHash(key.Span)] = new ScrapeStats(
                ReadCount(stats, "complete") ?? 0,
                ReadCount(stats, "downloaded") ?? 0,
                ReadCount(stats, "incomplete") ?? 0);
        }

        return result;
    }

    private static BencodeDictionary ParseRoot(ReadOnlyMemory<byte> body)
    {
        BencodeDictionary root;
        try
        {
            root = BencodeDocument.ParseDictionary(body, Limits);
        }
        catch (BencodeException ex)
        {
            throw new TrackerException(
                TrackerErrorKind.Malformed,
                $"The tracker's answer is not a bencoded dictionary: {ex.Message}.",
                ex);
        }

        if (root.Find("failure reason") is { } failure)
        {
            var text = failure is BencodeString s ? s.Text : "The tracker refused the request without a readable reason.";
            throw new TrackerException(TrackerErrorKind.Refused, text);
        }

        return root;
    }

    private static void ReadDictionaryPeers(BencodeList list, List<IPEndPoint> peers)
    {
        foreach (var item in list.Items)
        {
            // BEP 3 allows a DNS name in 'ip'; we do not resolve names from a tracker, so such entries are dropped,
            // as are entries with no usable port. One bad entry does not spoil the others.
            if (item is BencodeDictionary peer
                && peer.Find("ip") is BencodeString ip
                && IPAddress.TryParse(ip.Text, out var address)
                && peer.Find("port") is BencodeInteger { Value: > 0 and <= 65535 } port)
            {
                peers.Add(new IPEndPoint(address, (int)port.Value));
            }
        }
    }

    private static TimeSpan? ReadSeconds(BencodeDictionary root, string key) =>
        root.Find(key) switch
        {
            null => null,
            BencodeInteger { Value: >= 0 and <= int.MaxValue } seconds => TimeSpan.FromSeconds(seconds.Value),
            _ => throw Malformed($"'{key}' is not a number of seconds."),
        };

    private static int? ReadCount(BencodeDictionary root, string key) =>
        root.Find(key) switch
        {
            null => null,
            BencodeInteger { Value: >= 0 and <= int.MaxValue } count => (int)count.Value,
            _ => throw Malformed($"'{key}' is not a count."),
        };

    private static string? ReadText(BencodeDictionary root, string key) =>
        root.Find(key) switch
        {
            null => null,
            BencodeString text => text.Text,
            _ => throw Malformed($"'{key}' is not a string."),
        };

    private static TrackerException Malformed(string message) => new(TrackerErrorKind.Malformed, message);
}
