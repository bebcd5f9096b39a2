using ModularTorrent.BitTorrent.Pieces;

namespace ModularTorrent.BitTorrent.Tests.Torrents;

public sealed class BitfieldTests
{
    [Fact]
    public void Set_count_and_wire_order()
    {
        var bits = new Bitfield(10);
        Assert.True(bits.Set(0, true));
        Assert.False(bits.Set(0, true));
        bits.Set(9, true);
        Assert.Equal(2, bits.SetCount);
        Assert.Equal(new byte[] { 0x80, 0x40 }, bits.ToArray());
        bits.SetAll();
        Assert.Equal(new byte[] { 0xFF, 0xC0 }, bits.ToArray());
        Assert.True(bits.AllSet);
    }

    [Fact]
    public void Load_rejects_spare_bits_and_wrong_length()
    {
        var bits = new Bitfield(10);
        Assert.False(bits.TryLoad([0xFF, 0xE0]));
        Assert.False(bits.TryLoad([0xFF]));
        Assert.True(bits.TryLoad([0xFF, 0xC0]));
        Assert.Equal(10, bits.SetCount);
    }

    [Fact]
    public void Intersects()
    {
        var a = new Bitfield(12);
        var b = new Bitfield(12);
        a.Set(11, true);
        Assert.False(a.Intersects(b));
        b.Set(11, true);
        Assert.True(a.Intersects(b));
    }
}
