using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using ModularTorrent.BitTorrent.Discovery;
using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.Tests.Discovery;

/// <summary>Requests and hand-built tracker answers for the discovery tests.</summary>
public static class TrackerTestData
{
    public static InfoHash RandomHash() => new(RandomNumberGenerator.GetBytes(InfoHash.Length));

    public static byte[] PeerId(string suffix) => Encoding.ASCII.GetBytes(("-MT0100-" + suffix).PadRight(20, 'x')[..20]);

    public static AnnounceRequest Request(
        InfoHash hash, string peer = "a", int port = 6881, long left = 1000, AnnounceEvent evt = AnnounceEvent.Started) =>
        new(hash, PeerId(peer), port, 0, 0, left, evt, 50);

    public static byte[] Ascii(string text) => Encoding.Latin1.GetBytes(text);

    // BEP 15 requests carry the action at offset 8 and the transaction id at offset 12.
    public static int ActionOf(byte[] request) => BinaryPrimitives.ReadInt32BigEndian(request.AsSpan(8));

    public static int TransactionOf(byte[] request) => BinaryPrimitives.ReadInt32BigEndian(request.AsSpan(12));

    public static long ConnectionOf(byte[] request) => BinaryPrimitives.ReadInt64BigEndian(request);

    public static byte[] ConnectReply(int transactionId, long connectionId)
    {
        var b = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(b, 0);
        BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(4), transactionId);
        BinaryPrimitives.WriteInt64BigEndian(b.AsSpan(8), connectionId);
        return b;
    }

    public static byte[] AnnounceReply(int transactionId, int interval, int leechers, int seeders, params IPEndPoint[] peers)
    {
        var b = new byte[20 + (peers.Length * 6)];
        BinaryPrimitives.WriteInt32BigEndian(b, 1);
        BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(4), transactionId);
        BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(8), interval);
        BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(12), leechers);
        BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(16), seeders);
        for (var i = 0; i < peers.Length; i++)
        {
            peers[i].Address.GetAddressBytes().CopyTo(b, 20 + (i * 6));
            BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(24 + (i * 6)), (ushort)peers[i].Port);
        }

        return b;
    }

    public static byte[] ErrorReply(int transactionId, string message)
    {
        var text = Encoding.UTF8.GetBytes(message);
        var b = new byte[8 + text.Length];
        BinaryPrimitives.WriteInt32BigEndian(b, 3);
        BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(4), transactionId);
        text.CopyTo(b, 8);
        return b;
    }

    public static byte[] ScrapeReply(int transactionId, params (int Seeders, int Completed, int Leechers)[] entries)
    {
        var b = new byte[8 + (entries.Length * 12)];
        BinaryPrimitives.WriteInt32BigEndian(b, 2);
        BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(4), transactionId);
        for (var i = 0; i < entries.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(8 + (i * 12)), entries[i].Seeders);
            BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(12 + (i * 12)), entries[i].Completed);
            BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(16 + (i * 12)), entries[i].Leechers);
        }

        return b;
    }

    /// <summary>A well-behaved UDP tracker answer: connect gets connection id 0x1122334455667788, announce gets one peer.</summary>
    public static byte[][] Cooperative(byte[] request) => ActionOf(request) switch
    {
        0 => [ConnectReply(TransactionOf(request), 0x1122334455667788)],
        1 => [AnnounceReply(TransactionOf(request), 900, 3, 2, new IPEndPoint(IPAddress.Parse("10.0.0.7"), 51413))],
        _ => [],
    };
}
