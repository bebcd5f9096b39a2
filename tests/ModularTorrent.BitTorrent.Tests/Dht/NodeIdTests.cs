using ModularTorrent.BitTorrent.Dht;

namespace ModularTorrent.BitTorrent.Tests.Dht;

public sealed class NodeIdTests
{
    internal static NodeId Id(string hexPrefix)
    {
        var hex = hexPrefix.PadRight(40, '0');
        return new NodeId(Convert.FromHexString(hex));
    }

    [Theory]
    [InlineData("00", "00", 160)]
    [InlineData("80", "00", 0)]
    [InlineData("40", "00", 1)]
    [InlineData("01", "00", 7)]
    [InlineData("0080", "0000", 8)]
    [InlineData("ffff0001", "ffff0000", 31)]
    public void Common_prefix_length_counts_equal_leading_bits(string a, string b, int expected)
    {
        Assert.Equal(expected, Id(a).CommonPrefixLength(Id(b)));
        Assert.Equal(expected, Id(b).CommonPrefixLength(Id(a)));
    }

    [Fact]
    public void Distance_is_xor_compared_as_unsigned_big_endian()
    {
        var target = Id("f0");
        Assert.True(target.CompareDistance(Id("f1"), Id("e0")) < 0); // 0x01.. < 0x10..
        Assert.True(target.CompareDistance(Id("00"), Id("7f")) > 0); // 0xf0.. > 0x8f..
        Assert.Equal(0, target.CompareDistance(Id("ab"), Id("ab")));

        // A difference in the last byte matters when everything before is equal.
        var near = new byte[20];
        var far = new byte[20];
        near[19] = 1;
        far[19] = 2;
        Assert.True(Id("00").CompareDistance(new NodeId(near), new NodeId(far)) < 0);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(31)]
    [InlineData(159)]
    public void Random_with_prefix_lands_in_the_bucket(int prefix)
    {
        var own = NodeId.CreateRandom();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(prefix, own.CommonPrefixLength(own.RandomWithPrefix(prefix)));
        }
    }

    [Fact]
    public void Ids_must_be_twenty_bytes()
    {
        Assert.Throws<ArgumentException>(() => new NodeId(new byte[19]));
        Assert.Equal(Id("ab"), Id("ab"));
        Assert.NotEqual(Id("ab"), Id("ac"));
    }
}
