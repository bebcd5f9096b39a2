using System.Net;
using System.Net.Sockets;
using ModularTorrent.BitTorrent.Bencoding;
using ModularTorrent.BitTorrent.Dht;

namespace ModularTorrent.BitTorrent.Extensions;

/// <summary>
/// BEP 11 ut_pex payloads: a bencoded dictionary of compact peer lists <c>added</c>, <c>added.f</c>, <c>dropped</c>
/// and their IPv6 twins <c>added6</c>, <c>added6.f</c>, <c>dropped6</c>.
/// </summary>
public static class PexCodec
{
    /// <summary>Most added (and, separately, dropped) peers a message may carry; libtorrent sends at most 50 of each per family.</summary>
    public const int MaxPeersPerList = 200;

    private static readonly BencodeLimits Limits = new() { MaxDepth = 4, MaxStringLength = MaxPeersPerList * CompactEndPoint.IPv6Length };

    /// <summary>Encodes a message; IPv4-mapped addresses are sent as IPv4.</summary>
    /// <exception cref="ArgumentException">A list is over <see cref="MaxPeersPerList"/> per address family.</exception>
    public static byte[] Encode(PexMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var added4 = Family(message.Added, AddressFamily.InterNetwork);
        var added6 = Family(message.Added, AddressFamily.InterNetworkV6);
        var dropped4 = Family(message.Dropped, AddressFamily.InterNetwork);
        var dropped6 = Family(message.Dropped, AddressFamily.InterNetworkV6);
        if (new[] { added4, added6, dropped4, dropped6 }.Any(l => l.Count > MaxPeersPerList))
        {
            throw new ArgumentException($"A PEX message carries at most {MaxPeersPerList} peers per list.", nameof(message));
        }

        // Keys in bencode order: added, added.f, added6, added6.f, dropped, dropped6.
        var writer = new BencodeWriter();
        writer.WriteDictionaryStart();
        WritePeers(writer, "added", added4, withFlags: true);
        WritePeers(writer, "added6", added6, withFlags: true);
        WritePeers(writer, "dropped", dropped4, withFlags: false);
        WritePeers(writer, "dropped6", dropped6, withFlags: false);
        writer.WriteEnd();
        return writer.ToArray();
    }

    /// <summary>Decodes a ut_pex payload. Flags whose length does not match their list are ignored, as other clients do.</summary>
    /// <exception cref="ExtensionProtocolException">Not a dictionary, a list that is not whole entries, or over the size limit.</exception>
    public static PexMessage Parse(ReadOnlyMemory<byte> payload)
    {
        BencodeDictionary dict;
        try
        {
            dict = BencodeDocument.ParseDictionary(payload, Limits);
        }
        catch (BencodeException ex)
        {
            throw new ExtensionProtocolException($"A ut_pex message is not a bencoded dictionary: {ex.Message}", ex);
        }

        var added = new List<PexPeer>();
        var dropped = new List<PexPeer>();
        ReadPeers(dict, "added", "added.f", CompactEndPoint.IPv4Length, added);
        ReadPeers(dict, "added6", "added6.f", CompactEndPoint.IPv6Length, added);
        ReadPeers(dict, "dropped", null, CompactEndPoint.IPv4Length, dropped);
        ReadPeers(dict, "dropped6", null, CompactEndPoint.IPv6Length, dropped);
        return new PexMessage(added, dropped);
    }

    private static List<PexPeer> Family(IReadOnlyList<PexPeer> peers, AddressFamily family) =>
        [.. peers.Select(p => p with { EndPoint = CompactEndPoint.Normalize(p.EndPoint) }).Where(p => p.EndPoint.AddressFamily == family)];

    private static void WritePeers(BencodeWriter writer, string key, List<PexPeer> peers, bool withFlags)
    {
        var entry = key.EndsWith('6') ? CompactEndPoint.IPv6Length : CompactEndPoint.IPv4Length;
        var bytes = new byte[peers.Count * entry];
        for (var i = 0; i < peers.Count; i++)
        {
            CompactEndPoint.Write(peers[i].EndPoint, bytes.AsSpan(i * entry));
        }

        writer.WriteString(key);
        writer.WriteString(bytes);
        if (withFlags)
        {
            writer.WriteString(key + ".f");
            writer.WriteString(peers.Select(p => (byte)p.Flags).ToArray());
        }
    }

    private static void ReadPeers(BencodeDictionary dict, string key, string? flagsKey, int entryLength, List<PexPeer> into)
    {
        if (dict.Find(key) is not BencodeString list)
        {
            return;
        }

        List<IPEndPoint> endPoints;
        try
        {
            endPoints = CompactEndPoint.ReadAll(list.Bytes.Span, entryLength);
        }
        catch (FormatException ex)
        {
            throw new ExtensionProtocolException($"ut_pex '{key}': {ex.Message}", ex);
        }

        if (list.Bytes.Length / entryLength > MaxPeersPerList)
        {
            throw new ExtensionProtocolException($"ut_pex '{key}' lists {list.Bytes.Length / entryLength} peers; at most {MaxPeersPerList} are accepted.");
        }

        var flags = flagsKey is not null && dict.Find(flagsKey) is BencodeString { } f && f.Bytes.Length == list.Bytes.Length / entryLength ? f.Bytes.Span : default;
        var index = 0;
        for (var offset = 0; offset < list.Bytes.Length; offset += entryLength, index++)
        {
            var endPoint = CompactEndPoint.Read(list.Bytes.Span.Slice(offset, entryLength));
            if (endPoint.Port != 0)
            {
                into.Add(new PexPeer(endPoint, flags.IsEmpty ? PexFlags.None : (PexFlags)flags[index]));
            }
        }
    }
}
