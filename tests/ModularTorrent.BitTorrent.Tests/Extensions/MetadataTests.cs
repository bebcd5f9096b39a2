using System.Security.Cryptography;
using System.Text;
using ModularTorrent.BitTorrent.Extensions;
using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.Tests.Extensions;

public sealed class MetadataTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static byte[] Info(int size)
    {
        var info = new byte[size];
        for (var i = 0; i < size; i++)
        {
            info[i] = (byte)(i * 13);
        }

        return info;
    }

    [Fact]
    public void Messages_match_the_bep9_examples()
    {
        Assert.Equal("d8:msg_typei0e5:piecei0ee", Encoding.Latin1.GetString(MetadataCodec.EncodeRequest(0)));
        Assert.Equal("d8:msg_typei2e5:piecei0ee", Encoding.Latin1.GetString(MetadataCodec.EncodeReject(0)));
        var info = Info(40000);
        var data = MetadataCodec.EncodeData(info, 2);
        var header = "d8:msg_typei1e5:piecei2e10:total_sizei40000ee";
        Assert.Equal(header, Encoding.Latin1.GetString(data, 0, header.Length));
        Assert.Equal(header.Length + 40000 - 32768, data.Length);

        var parsed = MetadataCodec.Parse(data);
        Assert.Equal(MetadataMessageType.Data, parsed.Type);
        Assert.Equal(2, parsed.Piece);
        Assert.Equal(40000, parsed.TotalSize);
        Assert.Equal(info.AsSpan(32768).ToArray(), parsed.Data.ToArray());
        Assert.Equal(new MetadataMessage(MetadataMessageType.Request, 5), MetadataCodec.Parse(MetadataCodec.EncodeRequest(5)));
    }

    [Theory]
    [InlineData("garbage", "not valid bencode")]
    [InlineData("le", "does not start with a dictionary")]
    [InlineData("d8:msg_typei7e5:piecei0ee", "unknown")]
    [InlineData("d5:piecei0ee", "missing")]
    [InlineData("d8:msg_typei0e5:piecei-1ee", "out of range")]
    [InlineData("d8:msg_typei0e5:piecei999999ee", "out of range")]
    [InlineData("d8:msg_typei1e5:piecei0ee", "total_size")]
    [InlineData("d8:msg_typei1e5:piecei0e10:total_sizei999999999ee", "total_size")]
    [InlineData("d8:msg_typei1e5:piecei0e10:total_sizei10eeabc", "carries 3 bytes; 10 expected")]
    [InlineData("d8:msg_typei1e5:piecei1e10:total_sizei10ee", "0 expected")]
    public void Malformed_messages_get_precise_errors(string text, string expected)
    {
        var error = Assert.Throws<ExtensionProtocolException>(() => MetadataCodec.Parse(Encoding.Latin1.GetBytes(text)));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Assembler_collects_pieces_in_any_order_and_verifies_the_hash()
    {
        var info = Info(50000);
        var assembler = new MetadataAssembler(InfoHash.Compute(info), info.Length);
        Assert.Equal(4, assembler.PieceCount);
        var requested = new List<int>();
        while (assembler.NextRequest(Now) is { } piece)
        {
            requested.Add(piece);
        }

        Assert.Equal([0, 1, 2, 3], requested);
        byte[]? done = null;
        foreach (var piece in new[] { 3, 1, 0 })
        {
            Assert.False(assembler.Add(MetadataCodec.Parse(MetadataCodec.EncodeData(info, piece)), out done));
        }

        Assert.False(assembler.Add(MetadataCodec.Parse(MetadataCodec.EncodeData(info, 1)), out _)); // duplicate ignored
        Assert.True(assembler.Add(MetadataCodec.Parse(MetadataCodec.EncodeData(info, 2)), out done));
        Assert.Equal(info, done);
    }

    [Fact]
    public void Wrong_metadata_is_discarded_and_fetched_again()
    {
        var info = Info(20000);
        var forged = (byte[])info.Clone();
        forged[100] ^= 1;
        var assembler = new MetadataAssembler(InfoHash.Compute(info), info.Length);
        assembler.Add(MetadataCodec.Parse(MetadataCodec.EncodeData(forged, 0)), out _);
        Assert.False(assembler.Add(MetadataCodec.Parse(MetadataCodec.EncodeData(forged, 1)), out var result));
        Assert.Null(result);
        Assert.Equal(1, assembler.HashFailures);
        Assert.Equal(0, assembler.NextRequest(Now));

        assembler.Add(MetadataCodec.Parse(MetadataCodec.EncodeData(info, 0)), out _);
        Assert.True(assembler.Add(MetadataCodec.Parse(MetadataCodec.EncodeData(info, 1)), out result));
        Assert.Equal(info, result);
    }

    [Fact]
    public void Rejected_and_timed_out_requests_are_retried()
    {
        var info = Info(20000);
        var assembler = new MetadataAssembler(InfoHash.Compute(info), info.Length, requestTimeout: TimeSpan.FromSeconds(10));
        Assert.Equal(0, assembler.NextRequest(Now));
        Assert.Equal(1, assembler.NextRequest(Now));
        Assert.Null(assembler.NextRequest(Now));
        assembler.Rejected(1);
        Assert.Equal(1, assembler.NextRequest(Now));
        Assert.Equal(0, assembler.NextRequest(Now.AddSeconds(11)));
    }

    [Fact]
    public void Sizes_and_pieces_outside_the_torrent_are_refused()
    {
        var hash = new InfoHash(SHA1.HashData("x"u8));
        Assert.Throws<ExtensionProtocolException>(() => new MetadataAssembler(hash, 0));
        Assert.Throws<ExtensionProtocolException>(() => new MetadataAssembler(hash, MetadataCodec.DefaultMaxMetadataSize + 1L));
        Assert.Throws<ExtensionProtocolException>(() => new MetadataAssembler(hash, 100_000, maxSize: 50_000));

        var info = Info(20000);
        var assembler = new MetadataAssembler(InfoHash.Compute(info), info.Length);
        var other = Info(40000);
        Assert.Throws<ExtensionProtocolException>(() => assembler.Add(MetadataCodec.Parse(MetadataCodec.EncodeData(other, 2)), out _));
        Assert.Throws<ExtensionProtocolException>(() => assembler.Add(new MetadataMessage(MetadataMessageType.Data, 0, 20000, new byte[100]), out _));
        Assert.Throws<ExtensionProtocolException>(() => assembler.Add(new MetadataMessage(MetadataMessageType.Request, 0), out _));
    }
}
