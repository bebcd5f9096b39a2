using System.Security.Cryptography;
using System.Text;
using ModularTorrent.BitTorrent.Lsd;
using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.Tests.Lsd;

public sealed class LsdCodecTests
{
    private static readonly InfoHash One = new(SHA1.HashData("one"u8));
    private static readonly InfoHash Two = new(SHA1.HashData("two"u8));

    [Fact]
    public void Encodes_the_bep14_format()
    {
        var bytes = LsdCodec.Encode(new LsdMessage("239.192.152.143:6771", 6881, [One, Two], "abc123"));
        Assert.Equal(
            "BT-SEARCH * HTTP/1.1\r\nHost: 239.192.152.143:6771\r\nPort: 6881\r\n"
            + $"Infohash: {One.ToHex()}\r\nInfohash: {Two.ToHex()}\r\ncookie: abc123\r\n\r\n\r\n",
            Encoding.ASCII.GetString(bytes));
        var parsed = LsdCodec.Parse(bytes);
        Assert.Equal(6881, parsed.Port);
        Assert.Equal([One, Two], parsed.InfoHashes);
        Assert.Equal("abc123", parsed.Cookie);
        Assert.Equal("239.192.152.143:6771", parsed.Host);
    }

    [Fact]
    public void Parses_upper_case_hashes_odd_header_case_and_no_cookie()
    {
        var text = $"BT-SEARCH * HTTP/1.1\r\nhost: [ff15::efc0:988f]:6771\r\nPORT: 51413\r\nInfoHash: {One.ToHex().ToUpperInvariant()}\r\nX-Other: y\r\n\r\n\r\n";
        var parsed = LsdCodec.Parse(Encoding.ASCII.GetBytes(text));
        Assert.Equal(51413, parsed.Port);
        Assert.Equal(One, Assert.Single(parsed.InfoHashes));
        Assert.Null(parsed.Cookie);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\n\r\n", "BT-SEARCH")]
    [InlineData("BT-SEARCH * HTTP/1.1\r\nInfohash: 0123456789012345678901234567890123456789\r\n\r\n", "no Port")]
    [InlineData("BT-SEARCH * HTTP/1.1\r\nPort: 1\r\n\r\n", "no Infohash")]
    [InlineData("BT-SEARCH * HTTP/1.1\r\nPort: 70000\r\nInfohash: 0123456789012345678901234567890123456789\r\n\r\n", "not 1 to 65535")]
    [InlineData("BT-SEARCH * HTTP/1.1\r\nPort: -1\r\nInfohash: 0123456789012345678901234567890123456789\r\n\r\n", "not 1 to 65535")]
    [InlineData("BT-SEARCH * HTTP/1.1\r\nPort: 1\r\nInfohash: 0123\r\n\r\n", "not 40 hex")]
    [InlineData("BT-SEARCH * HTTP/1.1\r\nPort: 1\r\nInfohash: zz23456789012345678901234567890123456789\r\n\r\n", "not 40 hex")]
    [InlineData("BT-SEARCH * HTTP/1.1\r\nPort: 1\u0000\r\n", "printable")]
    public void Bad_messages_get_precise_errors(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => LsdCodec.Parse(Encoding.Latin1.GetBytes(text)));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Size_limits_hold_both_ways()
    {
        Assert.Throws<FormatException>(() => LsdCodec.Parse(new byte[LsdCodec.MaxMessageSize + 1]));
        var many = Enumerable.Range(0, 40).Select(i => new InfoHash(SHA1.HashData([(byte)i]))).ToList();
        Assert.Throws<ArgumentException>(() => LsdCodec.Encode(new LsdMessage("h", 1, many, null)));
        var fits = LsdCodec.Encode(new LsdMessage("239.192.152.143:6771", 65535, many.Take(LsdCodec.MaxInfoHashesPerMessage).ToList(), "0123456789ab"));
        Assert.True(fits.Length <= LsdCodec.MaxMessageSize);
        Assert.Throws<ArgumentException>(() => LsdCodec.Encode(new LsdMessage("h", 1, [], null)));
        Assert.Throws<ArgumentException>(() => LsdCodec.Encode(new LsdMessage("h", 0, [One], null)));
    }
}
