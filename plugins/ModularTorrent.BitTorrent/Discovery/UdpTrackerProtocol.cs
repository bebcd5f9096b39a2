using System.Buffers.Binary;
using System.Net;
using System.Text;
using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.Discovery;

/// <summary>The datagrams of BEP 15, all integers big-endian.</summary>
internal static class UdpTrackerProtocol
{
    public const long ProtocolId = 0x41727101980;
    public const int ConnectLength = 16;
    public const int AnnounceLength = 98;
    public const int HeaderLength = 8;
    public const int AnnounceHeaderLength = 20;
    public const int ScrapeEntryLength = 12;

    /// <summary>BEP 15 caps a scrape at about 74 hashes so the request fits one packet.</summary>
    public const int MaxScrapeHashes = 74;

    public const int ActionConnect = 0;
    public const int ActionAnnounce = 1;
    public const int ActionScrape = 2;
    public const int ActionError = 3;

    public static int WriteConnect(Span<byte> packet, int transactionId)
    {
        BinaryPrimitives.WriteInt64BigEndian(packet, ProtocolId);
        BinaryPrimitives.WriteInt32BigEndian(packet[8..], ActionConnect);
        BinaryPrimitives.WriteInt32BigEndian(packet[12..], transactionId);
        return ConnectLength;
    }

    public static int WriteAnnounce(Span<byte> packet, long connectionId, int transactionId, AnnounceRequest request, uint key)
    {
        BinaryPrimitives.WriteInt64BigEndian(packet, connectionId);
        BinaryPrimitives.WriteInt32BigEndian(packet[8..], ActionAnnounce);
        BinaryPrimitives.WriteInt32BigEndian(packet[12..], transactionId);
        request.InfoHash.AsSpan().CopyTo(packet[16..]);
        request.PeerId.Span.CopyTo(packet[36..]);
        BinaryPrimitives.WriteInt64BigEndian(packet[56..], request.Downloaded);
        BinaryPrimitives.WriteInt64BigEndian(packet[64..], request.Left);
        BinaryPrimitives.WriteInt64BigEndian(packet[72..], request.Uploaded);
        BinaryPrimitives.WriteInt32BigEndian(packet[80..], EventCode(request.Event));
        BinaryPrimitives.WriteUInt32BigEndian(packet[84..], 0); // IP: 0 = the sender's address
        BinaryPrimitives.WriteUInt32BigEndian(packet[88..], key);
        BinaryPrimitives.WriteInt32BigEndian(packet[92..], request.NumWant > 0 ? request.NumWant : -1);
        BinaryPrimitives.WriteUInt16BigEndian(packet[96..], (ushort)request.Port);
        return AnnounceLength;
    }

    public static int WriteScrape(Span<byte> packet, long connectionId, int transactionId, ReadOnlySpan<InfoHash> hashes)
    {
        BinaryPrimitives.WriteInt64BigEndian(packet, connectionId);
        BinaryPrimitives.WriteInt32BigEndian(packet[8..], ActionScrape);
        BinaryPrimitives.WriteInt32BigEndian(packet[12..], transactionId);
        var offset = 16;
        foreach (var hash in hashes)
        {
            hash.AsSpan().CopyTo(packet[offset..]);
            offset += InfoHash.Length;
        }

        return offset;
    }

    /// <summary>The UDP event codes differ from the order of <see cref="AnnounceEvent"/>.</summary>
    public static int EventCode(AnnounceEvent value) => value switch
    {
        AnnounceEvent.Completed => 1,
        AnnounceEvent.Started => 2,
        AnnounceEvent.Stopped => 3,
        _ => 0,
    };

    public static bool TryReadHeader(ReadOnlySpan<byte> datagram, out int action, out int transactionId)
    {
        if (datagram.Length < HeaderLength)
        {
            action = transactionId = 0;
            return false;
        }

        action = BinaryPrimitives.ReadInt32BigEndian(datagram);
        transactionId = BinaryPrimitives.ReadInt32BigEndian(datagram[4..]);
        return true;
    }

    public static long ReadConnect(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < ConnectLength)
        {
            throw Malformed($"A connect answer is {ConnectLength} bytes, got {datagram.Length}.");
        }

        return BinaryPrimitives.ReadInt64BigEndian(datagram[8..]);
    }

    public static AnnounceResponse ReadAnnounce(ReadOnlySpan<byte> datagram, int peerEntryLength)
    {
        if (datagram.Length < AnnounceHeaderLength)
        {
            throw Malformed($"An announce answer is at least {AnnounceHeaderLength} bytes, got {datagram.Length}.");
        }

        var interval = BinaryPrimitives.ReadInt32BigEndian(datagram[8..]);
        var leechers = BinaryPrimitives.ReadInt32BigEndian(datagram[12..]);
        var seeders = BinaryPrimitives.ReadInt32BigEndian(datagram[16..]);
        if (interval < 0 || leechers < 0 || seeders < 0)
        {
            throw Malformed($"An announce answer has a negative field (interval {interval}, leechers {leechers}, seeders {seeders}).");
        }

        var peers = new List<IPEndPoint>();
        CompactPeers.Parse(datagram[AnnounceHeaderLength..], peerEntryLength, peers);
        return new AnnounceResponse(TimeSpan.FromSeconds(interval), null, peers, seeders, leechers, null, null);
    }

    public static void ReadScrape(ReadOnlySpan<byte> datagram, ReadOnlySpan<InfoHash> hashes, Dictionary<InfoHash, ScrapeStats> into)
    {
        var body = datagram[HeaderLength..];
        if (body.Length % ScrapeEntryLength != 0 || body.Length / ScrapeEntryLength != hashes.Length)
        {
            throw Malformed($"A scrape answer for {hashes.Length} torrents needs {HeaderLength + (hashes.Length * ScrapeEntryLength)} bytes, got {datagram.Length}.");
        }

        for (var i = 0; i < hashes.Length; i++)
        {
            var entry = body.Slice(i * ScrapeEntryLength, ScrapeEntryLength);
            var seeders = BinaryPrimitives.ReadInt32BigEndian(entry);
            var completed = BinaryPrimitives.ReadInt32BigEndian(entry[4..]);
            var leechers = BinaryPrimitives.ReadInt32BigEndian(entry[8..]);
            if (seeders < 0 || completed < 0 || leechers < 0)
            {
                throw Malformed("A scrape answer has a negative count.");
            }

            into[hashes[i]] = new ScrapeStats(seeders, completed, leechers);
        }
    }

    public static string ReadError(ReadOnlySpan<byte> datagram)
    {
        var text = Encoding.UTF8.GetString(datagram[HeaderLength..]).TrimEnd('\0');
        return text.Length > 0 ? text : "The UDP tracker answered with an error and no message.";
    }

    private static TrackerException Malformed(string message) => new(TrackerErrorKind.Malformed, message);
}
