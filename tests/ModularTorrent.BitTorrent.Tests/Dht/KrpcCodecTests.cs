using System.Net;
using System.Text;
using ModularTorrent.BitTorrent.Bencoding;
using ModularTorrent.BitTorrent.Dht;

namespace ModularTorrent.BitTorrent.Tests.Dht;

public sealed class KrpcCodecTests
{
    private static readonly NodeId Abc = new("abcdefghij0123456789"u8);
    private static readonly NodeId Mno = new("mnopqrstuvwxyz123456"u8);

    private static byte[] B(string text) => Encoding.Latin1.GetBytes(text);

    [Fact]
    public void Parses_the_bep5_examples()
    {
        var ping = KrpcMessage.Parse(B("d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:qe"));
        Assert.Equal(KrpcMessageType.Query, ping.Type);
        Assert.Equal("ping", ping.Method);
        Assert.Equal(Abc, ping.SenderId);
        Assert.Equal("aa"u8.ToArray(), ping.Transaction.ToArray());

        var pong = KrpcMessage.Parse(B("d1:rd2:id20:mnopqrstuvwxyz123456e1:t2:aa1:y1:re"));
        Assert.Equal(KrpcMessageType.Response, pong.Type);
        Assert.Equal(Mno, pong.SenderId);

        var error = KrpcMessage.Parse(B("d1:eli201e23:A Generic Error Ocurrede1:t2:aa1:y1:ee"));
        Assert.Equal(KrpcMessageType.Error, error.Type);
        Assert.Equal(201, error.ErrorCode);
        Assert.Equal("A Generic Error Ocurred", error.ErrorMessage);

        var announce = KrpcMessage.Parse(B("d1:ad2:id20:abcdefghij012345678912:implied_porti1e9:info_hash20:mnopqrstuvwxyz1234564:porti6881e5:token8:aoeusnthe1:q13:announce_peer1:t2:aa1:y1:qe"));
        Assert.Equal("announce_peer", announce.Method);
        Assert.Equal(1, announce.OptionalInteger("implied_port"));
        Assert.Equal(6881, announce.RequireInteger("port"));
        Assert.Equal("aoeusnth"u8.ToArray(), announce.RequireBytes("token").ToArray());
    }

    [Fact]
    public void Writer_produces_the_bep5_bytes_apart_from_our_version_key()
    {
        var ping = KrpcWriter.Ping("aa"u8, Abc);
        Assert.Equal("d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:v4:MT\0\u00011:y1:qe", Encoding.Latin1.GetString(ping));
        var parsed = BencodeDocument.ParseDictionary(ping, new BencodeLimits { RequireSortedKeys = true });
        Assert.Equal(5, parsed.Count);

        var findNode = KrpcMessage.Parse(KrpcWriter.FindNode("xy"u8, Abc, Mno));
        Assert.Equal("find_node", findNode.Method);
        Assert.Equal(Mno.AsSpan().ToArray(), findNode.RequireBytes("target", 20).ToArray());

        var announce = KrpcWriter.AnnouncePeer("zz"u8, Abc, Mno, 0, "tok"u8.ToArray());
        BencodeDocument.ParseDictionary(announce, new BencodeLimits { RequireSortedKeys = true });
        var decoded = KrpcMessage.Parse(announce);
        Assert.Equal(1, decoded.OptionalInteger("implied_port"));
    }

    [Fact]
    public void Responses_carry_nodes_token_and_values_in_sorted_order()
    {
        var nodes = CompactNode.EncodeIPv4([(Mno, new IPEndPoint(IPAddress.Parse("1.2.3.4"), 6881))]);
        Assert.Equal(26, nodes.Length);
        var bytes = KrpcWriter.Response("aa"u8, Abc, nodes, "tok"u8.ToArray(), [new IPEndPoint(IPAddress.Parse("10.0.0.1"), 51413)]);
        BencodeDocument.ParseDictionary(bytes, new BencodeLimits { RequireSortedKeys = true });
        var message = KrpcMessage.Parse(bytes);
        var decoded = CompactNode.Decode(message.RequireBytes("nodes").Span);
        Assert.Equal(Mno, Assert.Single(decoded).Id);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("1.2.3.4"), 6881), decoded[0].EndPoint);
        var value = Assert.IsType<BencodeString>(Assert.Single(message.OptionalList("values")!.Items));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 51413), CompactEndPoint.Read(value.Bytes.Span));
    }

    [Theory]
    [InlineData("not bencode", false)]
    [InlineData("le", false)]
    [InlineData("d1:y1:qe", false)]
    [InlineData("d1:t2:aa1:y1:xe", true)]
    [InlineData("d1:t2:aa1:y1:qe", true)]
    [InlineData("d1:ad2:id3:abce1:q4:ping1:t2:aa1:y1:qe", true)]
    [InlineData("d1:a4:oops1:q4:ping1:t2:aa1:y1:qe", true)]
    [InlineData("d1:ad2:idi5ee1:q4:ping1:t2:aa1:y1:qe", true)]
    [InlineData("d1:rle1:t2:aa1:y1:re", true)]
    [InlineData("d1:eli201ee1:t2:aa1:y1:ee", true)]
    [InlineData("d1:ti5e1:y1:qe", false)]
    [InlineData("d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:q", false)]
    public void Malformed_messages_raise_a_protocol_error_with_the_transaction_when_known(string text, bool hasTransaction)
    {
        var error = Assert.Throws<KrpcException>(() => KrpcMessage.Parse(B(text)));
        Assert.Equal(KrpcErrorCode.Protocol, error.Code);
        Assert.Equal(hasTransaction, !error.Transaction.IsEmpty);
    }

    [Fact]
    public void Deeply_nested_and_huge_strings_are_rejected()
    {
        var deep = "d1:t2:aa1:y1:q1:a" + new string('l', 100) + new string('e', 100) + "e";
        Assert.Throws<KrpcException>(() => KrpcMessage.Parse(B(deep)));
        Assert.Throws<KrpcException>(() => KrpcMessage.Parse(B("d1:t2:aa1:x100000:" + new string('x', 100000) + "e")));
    }

    [Fact]
    public void Wrong_argument_types_are_protocol_errors()
    {
        var message = KrpcMessage.Parse(B("d1:ad2:id20:abcdefghij01234567896:target3:abce1:q9:find_node1:t2:aa1:y1:qe"));
        var error = Assert.Throws<KrpcException>(() => message.RequireBytes("target", 20));
        Assert.Equal(203, error.Code);
        Assert.Throws<KrpcException>(() => message.RequireInteger("port"));
    }

    [Fact]
    public void Compact_lists_of_the_wrong_length_are_rejected()
    {
        Assert.Throws<FormatException>(() => CompactNode.Decode(new byte[25]));
        Assert.Throws<FormatException>(() => CompactEndPoint.ReadAll(new byte[7], 6));
        var v6 = new IPEndPoint(IPAddress.Parse("2001:db8::1"), 443);
        var entry = new byte[18];
        Assert.Equal(18, CompactEndPoint.Write(v6, entry));
        Assert.Equal(v6, CompactEndPoint.Read(entry));
        var mapped = new IPEndPoint(IPAddress.Parse("1.2.3.4").MapToIPv6(), 80);
        Assert.Equal(6, CompactEndPoint.Write(mapped, entry));
    }
}
