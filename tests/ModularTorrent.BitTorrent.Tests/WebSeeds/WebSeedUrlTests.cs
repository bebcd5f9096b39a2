using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.Tests.Support;
using ModularTorrent.BitTorrent.WebSeeds;

namespace ModularTorrent.BitTorrent.Tests.WebSeeds;

public sealed class WebSeedUrlTests
{
    [Theory]
    [InlineData("http://h/files/single%20file.bin", "http://h/files/single%20file.bin")]
    [InlineData("http://h/files/", "http://h/files/single%20file.bin")]
    [InlineData("https://h:8443/x/y?token=1", "https://h:8443/x/y?token=1")]
    public async Task Single_file_url_is_the_file_or_the_folder_plus_name(string seed, string expected)
    {
        var metainfo = await CreateAsync(single: true);
        Assert.Equal(expected, WebSeedUrl.ForFile(new Uri(seed), metainfo, 0).AbsoluteUri);
    }

    [Theory]
    [InlineData("http://h/mirror")]
    [InlineData("http://h/mirror/")]
    public async Task Multi_file_url_is_seed_name_and_path_with_every_segment_percent_encoded(string seed)
    {
        var metainfo = await CreateAsync(single: false);
        var paths = metainfo.Files.Select((_, i) => WebSeedUrl.ForFile(new Uri(seed), metainfo, i).AbsoluteUri).ToList();
        Assert.Equal(
            [
                "http://h/mirror/Multi%20Folder%20%C3%BC/a%20b.txt",
                "http://h/mirror/Multi%20Folder%20%C3%BC/empty",
                "http://h/mirror/Multi%20Folder%20%C3%BC/odd%20%231%20100%25%20%2B%20%28x%29%26y.bin",
                "http://h/mirror/Multi%20Folder%20%C3%BC/sub%20dir/tiny",
                "http://h/mirror/Multi%20Folder%20%C3%BC/sub%20dir/%C3%BCn%C3%AFc%C3%B6d%C3%A9%20%D1%84%D0%B0%D0%B9%D0%BB.bin",
                "http://h/mirror/Multi%20Folder%20%C3%BC/z.bin",
            ],
            paths);
    }

    [Fact]
    public async Task Urls_that_cannot_carry_a_path_are_refused_precisely()
    {
        var multi = await CreateAsync(single: false);
        Assert.Contains("query", Assert.Throws<ArgumentException>(() => WebSeedUrl.ForFile(new Uri("http://h/m?x=1"), multi, 0)).Message, StringComparison.Ordinal);
        Assert.Contains("http or https", Assert.Throws<ArgumentException>(() => WebSeedUrl.ForFile(new Uri("ftp://h/m/"), multi, 0)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => WebSeedUrl.ForFile(new Uri("http://h/m/"), multi, multi.Files.Count));
    }

    private static async Task<TorrentMetainfo> CreateAsync(bool single)
    {
        using var temp = new TempFolder("mt-bt");
        if (single)
        {
            temp.WriteFile(WebSeedTestBed.SingleName, TestData.Bytes(1000, 1));
            return TorrentMetainfo.Parse(await TorrentCreator.CreateAsync(temp.Combine(WebSeedTestBed.SingleName)));
        }

        foreach (var (path, length) in WebSeedTestBed.MultiFiles)
        {
            temp.WriteFile($"{WebSeedTestBed.MultiName}/{path}", TestData.Bytes(length, 3));
        }

        return TorrentMetainfo.Parse(await TorrentCreator.CreateAsync(temp.Combine(WebSeedTestBed.MultiName)));
    }
}
