using ModularTorrent.Bsv.Crypto;
using ModularTorrent.Bsv.Encoding;
using Xunit;

namespace ModularTorrent.Bsv.Tests.Encoding;

public sealed class EncodingTests
{
    [Theory]
    [InlineData(0UL, "00")]
    [InlineData(0xfcUL, "fc")]
    [InlineData(0xfdUL, "fdfd00")]
    [InlineData(0xffffUL, "fdffff")]
    [InlineData(0x10000UL, "fe00000100")]
    [InlineData(0x100000000UL, "ff0000000001000000")]
    public void Varints_round_trip_minimally(ulong value, string hex)
    {
        Span<byte> buffer = stackalloc byte[9];
        var n = VarInt.Write(buffer, value);
        Assert.Equal(hex, Hex.Encode(buffer[..n]));
        Assert.Equal(n, VarInt.SizeOf(value));
        var reader = new BsvReader(Hex.Decode(hex));
        Assert.Equal(value, reader.ReadVarInt("test"));
        Assert.True(reader.End);
    }

    [Theory]
    [InlineData("fd0100", "not minimally encoded")]
    [InlineData("fe01000000", "not minimally encoded")]
    [InlineData("ff0100000000000000", "not minimally encoded")]
    [InlineData("fd01", "Truncated data")]
    [InlineData("", "Truncated data")]
    public void Bad_varints_are_rejected(string hex, string expected)
    {
        var bytes = Hex.Decode(hex);
        var ex = Assert.Throws<BsvFormatException>(() =>
        {
            var reader = new BsvReader(bytes);
            reader.ReadVarInt("field");
        });
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains("field", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Base58_keeps_leading_zeros_and_checks_checksums()
    {
        byte[] data = [0, 0, 1, 2, 3, 255];
        var text = Base58.Encode(data);
        Assert.StartsWith("11", text, StringComparison.Ordinal);
        Assert.Equal(data, Base58.Decode(text));
        Assert.Equal(string.Empty, Base58.Encode([]));
        var check = Base58.EncodeCheck(data);
        Assert.Equal(data, Base58.DecodeCheck(check));
        Assert.Contains("too short", Assert.Throws<BsvFormatException>(() => Base58.DecodeCheck("1111")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hex_and_hash_errors_are_precise()
    {
        Assert.Contains("odd length", Assert.Throws<BsvFormatException>(() => Hex.Decode("abc")).Message, StringComparison.Ordinal);
        Assert.Contains("not a hex digit", Assert.Throws<BsvFormatException>(() => Hex.Decode("zz")).Message, StringComparison.Ordinal);
        Assert.Contains("32-byte hash", Assert.Throws<BsvFormatException>(() => Hash256.Parse("abcd")).Message, StringComparison.Ordinal);
        var h = Hash256.Compute([1, 2, 3]);
        Assert.Equal(h, Hash256.Parse(h.ToString()));
        Assert.Equal(h, new Hash256(h.ToArray()));
    }
}
