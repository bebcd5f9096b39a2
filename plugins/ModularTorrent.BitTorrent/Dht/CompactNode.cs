using System.Net;
using System.Net.Sockets;

namespace ModularTorrent.BitTorrent.Dht;

/// <summary>Compact node info (BEP 5): 20-byte id + 6-byte IPv4 endpoint (26 bytes); BEP 32 <c>nodes6</c> use 38.</summary>
public static class CompactNode
{
    /// <summary>Bytes of an IPv4 node entry.</summary>
    public const int IPv4Length = NodeId.Length + CompactEndPoint.IPv4Length;

    /// <summary>Bytes of an IPv6 node entry.</summary>
    public const int IPv6Length = NodeId.Length + CompactEndPoint.IPv6Length;

    /// <summary>Encodes the IPv4 nodes of <paramref name="nodes"/> (others are skipped: they belong in <c>nodes6</c>).</summary>
    public static byte[] EncodeIPv4(IEnumerable<(NodeId Id, IPEndPoint EndPoint)> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var list = nodes.Where(n => CompactEndPoint.Normalize(n.EndPoint).AddressFamily == AddressFamily.InterNetwork).ToList();
        var bytes = new byte[list.Count * IPv4Length];
        for (var i = 0; i < list.Count; i++)
        {
            var entry = bytes.AsSpan(i * IPv4Length, IPv4Length);
            list[i].Id.AsSpan().CopyTo(entry);
            CompactEndPoint.Write(list[i].EndPoint, entry[NodeId.Length..]);
        }

        return bytes;
    }

    /// <summary>Decodes a <c>nodes</c> (26-byte entries) or <c>nodes6</c> (38-byte entries) string; port-0 entries are skipped.</summary>
    /// <exception cref="FormatException">Not a whole number of entries.</exception>
    public static List<(NodeId Id, IPEndPoint EndPoint)> Decode(ReadOnlySpan<byte> data, int entryLength = IPv4Length)
    {
        if (entryLength is not (IPv4Length or IPv6Length) || data.Length % entryLength != 0)
        {
            throw new FormatException($"{data.Length} bytes are not a whole number of {entryLength}-byte compact nodes.");
        }

        var nodes = new List<(NodeId, IPEndPoint)>(data.Length / entryLength);
        for (var offset = 0; offset < data.Length; offset += entryLength)
        {
            var entry = data.Slice(offset, entryLength);
            var endPoint = CompactEndPoint.Read(entry[NodeId.Length..]);
            if (endPoint.Port != 0)
            {
                nodes.Add((new NodeId(entry[..NodeId.Length]), endPoint));
            }
        }

        return nodes;
    }
}
