using System.Net;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.Wire;

namespace ModularTorrent.BitTorrent.Tests.Wire;

public sealed class AllowedFastSetTests
{
    // The example from BEP 6.
    private static readonly InfoHash Hash = new(Enumerable.Repeat((byte)0xAA, 20).ToArray());

    [Fact]
    public void Matches_the_bep6_vector_for_seven_pieces() =>
        Assert.Equal([1059, 431, 808, 1217, 287, 376, 1188], AllowedFastSet.Generate(IPAddress.Parse("80.4.4.200"), Hash, 1313, 7));

    [Fact]
    public void Matches_the_bep6_vector_for_nine_pieces() =>
        Assert.Equal([1059, 431, 808, 1217, 287, 376, 1188, 353, 508], AllowedFastSet.Generate(IPAddress.Parse("80.4.4.200"), Hash, 1313, 9));

    [Fact]
    public void Same_slash_24_gives_the_same_set_and_small_torrents_are_capped()
    {
        Assert.Equal(
            AllowedFastSet.Generate(IPAddress.Parse("80.4.4.1"), Hash, 1313, 7),
            AllowedFastSet.Generate(IPAddress.Parse("80.4.4.200"), Hash, 1313, 7));
        Assert.Equal(3, AllowedFastSet.Generate(IPAddress.Loopback, Hash, 3, 10).Count);
        Assert.Empty(AllowedFastSet.Generate(IPAddress.IPv6Loopback, Hash, 100, 10));
    }
}
