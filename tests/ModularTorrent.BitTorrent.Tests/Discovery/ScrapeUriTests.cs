using ModularTorrent.BitTorrent.Discovery;

namespace ModularTorrent.BitTorrent.Tests.Discovery;

public sealed class ScrapeUriTests
{
    [Theory]
    [InlineData("http://t.example/announce", "http://t.example/scrape")]
    [InlineData("http://t.example/x/announce", "http://t.example/x/scrape")]
    [InlineData("http://t.example/announce.php", "http://t.example/scrape.php")]
    [InlineData("https://t.example:8443/a/announce?passkey=abc", "https://t.example:8443/a/scrape?passkey=abc")]
    [InlineData("http://t.example/announce/x/announce", "http://t.example/announce/x/scrape")]
    public void Replaces_the_last_announce_segment(string announce, string expected)
    {
        Assert.True(ScrapeUri.TryCreate(new Uri(announce), out var scrape));
        Assert.Equal(expected, scrape!.AbsoluteUri);
    }

    [Theory]
    [InlineData("http://t.example/a")]
    [InlineData("http://t.example/announce/")]
    [InlineData("http://t.example/x%064announce")]
    [InlineData("http://t.example/")]
    public void Urls_off_the_convention_have_no_scrape(string announce)
    {
        Assert.False(ScrapeUri.TryCreate(new Uri(announce), out var scrape));
        Assert.Null(scrape);
    }
}
