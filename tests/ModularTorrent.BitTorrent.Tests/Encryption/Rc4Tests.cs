using ModularTorrent.BitTorrent.Encryption;

namespace ModularTorrent.BitTorrent.Tests.Encryption;

public sealed class Rc4Tests
{
    // RFC 6229 section 2, key stream at selected offsets (16 bytes each).
    public static TheoryData<string, int, string> Vectors => new()
    {
        { "0102030405", 0x0000, "b2396305f03dc027ccc3524a0a1118a8" },
        { "0102030405", 0x0010, "6982944f18fc82d589c403a47a0d0919" },
        { "0102030405", 0x00f0, "28cb1132c96ce286421dcaadb8b69eae" },
        { "0102030405", 0x03f0, "45129048e6a0ed0b56b490338f078da5" },
        { "0102030405", 0x0400, "30abbcc7c20b01609f23ee2d5f6bb7df" },
        { "0102030405", 0x1000, "ff25b58995996707e51fbdf08b34d875" },
        { "0102030405060708090a0b0c0d0e0f10", 0x0000, "9ac7cc9a609d1ef7b2932899cde41b97" },
        { "0102030405060708090a0b0c0d0e0f10", 0x0400, "bdf0324e6083dcc6d3cedd3ca8c53c16" },
        { "0102030405060708090a0b0c0d0e0f10", 0x0ff0, "ff38265c1642c1abe8d3c2fe5e572bf8" },
        { "833222772a", 0x0000, "80ad97bdc973df8a2e879e92a497efda" },
        { "833222772a", 0x1000, "bf42c3018c2f7c66bfde524975768115" },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Key_stream_matches_rfc6229(string keyHex, int offset, string expectedHex)
    {
        var rc4 = new Rc4(Convert.FromHexString(keyHex));
        var stream = new byte[offset + 16];
        rc4.Transform(stream);
        Assert.Equal(expectedHex, Convert.ToHexStringLower(stream.AsSpan(offset, 16)));
    }

    [Fact]
    public void Discard_is_the_same_as_transforming_and_dropping()
    {
        var a = new Rc4(Convert.FromHexString("0102030405"));
        a.Discard(0x03f0);
        var block = new byte[16];
        a.Transform(block);
        Assert.Equal("45129048e6a0ed0b56b490338f078da5", Convert.ToHexStringLower(block));
    }

    [Fact]
    public void Chunked_transform_equals_one_shot_and_decrypts()
    {
        var key = "an mse key of 20 by"u8.ToArray();
        var plain = Enumerable.Range(0, 5000).Select(i => (byte)(i * 31)).ToArray();
        var oneShot = new byte[plain.Length];
        new Rc4(key).Transform(plain, oneShot);

        var chunked = (byte[])plain.Clone();
        var rc4 = new Rc4(key);
        for (var offset = 0; offset < chunked.Length; offset += 37)
        {
            rc4.Transform(chunked.AsSpan(offset, Math.Min(37, chunked.Length - offset)));
        }

        Assert.Equal(oneShot, chunked);
        new Rc4(key).Transform(chunked);
        Assert.Equal(plain, chunked);
    }

    [Fact]
    public void Bad_keys_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new Rc4([]));
        Assert.Throws<ArgumentException>(() => new Rc4(new byte[257]));
        Assert.Throws<ArgumentException>(() => new Rc4([1]).Transform(new byte[4], new byte[3]));
    }
}
