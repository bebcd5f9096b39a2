using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.Tests.Metainfo;

public sealed class MagnetLinkTests
{
    private const string Hex = "c12fe1c06bba254a9dc9f519b335aa7c1367a88a";

    [Fact]
    public void Parses_all_supported_parameters()
    {
        var link = MagnetLink.Parse($"magnet:?xt=urn:btih:{Hex.ToUpperInvariant()}&dn=My+File%20x&tr=http%3A%2F%2F127.0.0.1%3A1%2Fa&tr.1=udp://127.0.0.1:2&ws=http://127.0.0.1/ws&xl=1234&so=0,2,4-6&x.pe=127.0.0.1:6881");
        Assert.Equal(Hex, link.InfoHash.ToHex());
        Assert.Equal("My File x", link.DisplayName);
        Assert.Equal(["http://127.0.0.1:1/a", "udp://127.0.0.1:2"], link.Trackers);
        Assert.Equal(["http://127.0.0.1/ws"], link.WebSeeds);
        Assert.Equal(1234, link.ExactLength);
        Assert.Equal([0, 2, 4, 5, 6], link.SelectOnly!);
        Assert.Equal(["127.0.0.1:6881"], link.Peers);
    }

    [Fact]
    public void Base32_info_hash_is_accepted_and_equals_hex()
    {
        var hash = InfoHash.FromHex(Hex);
        var b32 = hash.ToBase32();
        Assert.Equal(32, b32.Length);
        Assert.Equal(hash, MagnetLink.Parse($"magnet:?xt=urn:btih:{b32}").InfoHash);
        Assert.Equal(hash, MagnetLink.Parse($"magnet:?xt=urn:btih:{b32.ToLowerInvariant()}").InfoHash);
    }

    [Fact]
    public void Format_round_trips()
    {
        var link = new MagnetLink(InfoHash.FromHex(Hex))
        {
            DisplayName = "a b&c",
            Trackers = ["http://127.0.0.1:1/a?x=1&y=2"],
            WebSeeds = ["http://127.0.0.1/w"],
            ExactLength = 99,
            SelectOnly = [1, 3],
        };
        var text = link.ToString();
        Assert.StartsWith($"magnet:?xt=urn:btih:{Hex}&dn=a%20b%26c", text, StringComparison.Ordinal);
        var back = MagnetLink.Parse(text);
        Assert.Equal(link.DisplayName, back.DisplayName);
        Assert.Equal(link.Trackers, back.Trackers);
        Assert.Equal(link.WebSeeds, back.WebSeeds);
        Assert.Equal(link.ExactLength, back.ExactLength);
        Assert.Equal(link.SelectOnly, back.SelectOnly!);
    }

    [Theory]
    [InlineData("http://x", "starts with")]
    [InlineData("magnet:?dn=x", "no 'xt")]
    [InlineData("magnet:?xt=urn:btih:1234", "neither 40 hex")]
    [InlineData("magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&xl=-5", "xl=-5")]
    [InlineData("magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&so=a-b", "'so' item")]
    public void Bad_links_give_precise_errors(string uri, string message)
    {
        var ex = Assert.Throws<MetainfoException>(() => MagnetLink.Parse(uri));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.False(MagnetLink.TryParse(uri, out _));
    }

    [Fact]
    public void Info_hash_parsing_rules()
    {
        Assert.True(InfoHash.TryParse(Hex, out var h));
        Assert.Equal(Hex, h.ToString());
        Assert.False(InfoHash.TryParse(Hex[..39] + "g", out _));
        Assert.False(InfoHash.TryParse("", out _));
        Assert.Throws<FormatException>(() => InfoHash.FromHex("zz"));
        Assert.Equal(20, h.AsSpan().Length);
        Assert.True(default(InfoHash).IsEmpty);
    }
}
