using System.Net;
using ModularTorrent.BitTorrent.Bencoding;

namespace ModularTorrent.BitTorrent.Dht;

/// <summary>Encodes the KRPC messages of BEP 5 with keys in bencode's sorted order.</summary>
public static class KrpcWriter
{
    /// <summary>Our client version (<c>v</c>): two letters and two version bytes.</summary>
    public static ReadOnlySpan<byte> Version => "MT\u0000\u0001"u8;

    /// <summary><c>ping</c> query.</summary>
    public static byte[] Ping(ReadOnlySpan<byte> transaction, NodeId ownId) => Query(transaction, "ping", ownId, static (_, _) => { }, (object?)null);

    /// <summary><c>find_node</c> query.</summary>
    public static byte[] FindNode(ReadOnlySpan<byte> transaction, NodeId ownId, NodeId target) =>
        Query(transaction, "find_node", ownId, static (w, t) =>
        {
            w.WriteString("target");
            w.WriteString(t.AsSpan());
        }, target);

    /// <summary><c>get_peers</c> query.</summary>
    public static byte[] GetPeers(ReadOnlySpan<byte> transaction, NodeId ownId, NodeId infoHash) =>
        Query(transaction, "get_peers", ownId, static (w, h) =>
        {
            w.WriteString("info_hash");
            w.WriteString(h.AsSpan());
        }, infoHash);

    /// <summary><c>announce_peer</c> query; port 0 sends <c>implied_port=1</c> (use the UDP source port).</summary>
    public static byte[] AnnouncePeer(ReadOnlySpan<byte> transaction, NodeId ownId, NodeId infoHash, int port, ReadOnlyMemory<byte> token) =>
        Query(transaction, "announce_peer", ownId, static (w, a) =>
        {
            w.WriteString("implied_port");
            w.WriteInteger(a.port == 0 ? 1 : 0);
            w.WriteString("info_hash");
            w.WriteString(a.infoHash.AsSpan());
            w.WriteString("port");
            w.WriteInteger(a.port);
            w.WriteString("token");
            w.WriteString(a.token.Span);
        }, (infoHash, port, token));

    /// <summary>
    /// A response: <c>r</c> holds <c>id</c>, then (when given) <c>nodes</c>, <c>token</c> and <c>values</c>, in that sorted order.
    /// </summary>
    public static byte[] Response(ReadOnlySpan<byte> transaction, NodeId ownId, byte[]? nodes = null, ReadOnlyMemory<byte>? token = null, IReadOnlyList<IPEndPoint>? values = null)
    {
        var writer = new BencodeWriter();
        writer.WriteDictionaryStart();
        writer.WriteString("r");
        writer.WriteDictionaryStart();
        writer.WriteString("id");
        writer.WriteString(ownId.AsSpan());
        if (nodes is not null)
        {
            writer.WriteString("nodes");
            writer.WriteString(nodes);
        }

        if (token is { } t)
        {
            writer.WriteString("token");
            writer.WriteString(t.Span);
        }

        if (values is not null)
        {
            writer.WriteString("values");
            writer.WriteListStart();
            Span<byte> entry = stackalloc byte[CompactEndPoint.IPv6Length];
            foreach (var peer in values)
            {
                writer.WriteString(entry[..CompactEndPoint.Write(peer, entry)]);
            }

            writer.WriteEnd();
        }

        writer.WriteEnd();
        WriteTail(writer, transaction, "r");
        return writer.ToArray();
    }

    /// <summary>An error message.</summary>
    public static byte[] Error(ReadOnlySpan<byte> transaction, int code, string message)
    {
        var writer = new BencodeWriter();
        writer.WriteDictionaryStart();
        writer.WriteString("e");
        writer.WriteListStart();
        writer.WriteInteger(code);
        writer.WriteString(message);
        writer.WriteEnd();
        WriteTail(writer, transaction, "e");
        return writer.ToArray();
    }

    private static byte[] Query<TState>(ReadOnlySpan<byte> transaction, string method, NodeId ownId, Action<BencodeWriter, TState> writeArguments, TState state)
    {
        var writer = new BencodeWriter();
        writer.WriteDictionaryStart();
        writer.WriteString("a");
        writer.WriteDictionaryStart();
        writer.WriteString("id");
        writer.WriteString(ownId.AsSpan());
        writeArguments(writer, state);
        writer.WriteEnd();
        writer.WriteString("q");
        writer.WriteString(method);
        WriteTail(writer, transaction, "q");
        return writer.ToArray();
    }

    private static void WriteTail(BencodeWriter writer, ReadOnlySpan<byte> transaction, string type)
    {
        writer.WriteString("t");
        writer.WriteString(transaction);
        writer.WriteString("v");
        writer.WriteString(Version);
        writer.WriteString("y");
        writer.WriteString(type);
        writer.WriteEnd();
    }
}
