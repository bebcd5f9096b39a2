using System.Text.RegularExpressions;
using ModularTorrent.BitTorrent.Discovery;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.Tests.Discovery;
using ModularTorrent.Cli;

namespace ModularTorrent.Cli.Tests;

/// <summary><c>mt get</c> with no <c>--peer</c>: the seeder is found through a real opentracker named in the .torrent (or the magnet link's <c>tr</c>).</summary>
public sealed partial class TrackerDiscoveryTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [GeneratedRegex(@"on port (\d+)\.")]
    private static partial Regex PortLine();

    [Theory]
    [InlineData("http", false)]
    [InlineData("udp", false)]
    [InlineData("udp", true)]
    public async Task Get_finds_the_seeder_through_the_tracker(string protocol, bool magnet)
    {
        var data = _folder.WriteRandomFile("share/movie.bin", 2_000_000);

        // The info-hash does not cover the announce URL, so it is known before the tracker's port is.
        var hash = TorrentMetainfo.Parse(await TorrentCreator.CreateAsync(data)).InfoHash;
        await using var tracker = await OpenTrackerProcess.StartAsync([hash]);
        var announce = protocol == "udp" ? tracker.UdpAnnounceUrl : tracker.HttpAnnounceUrl;
        var torrent = _folder.Combine("movie.torrent");
        var (created, createRun) = await CliRun.RunAsync("create", data, "-o", torrent, "--tracker", announce);
        Assert.True(created == ExitCodes.Success, createRun.Error);
        Assert.Equal(hash, TorrentMetainfo.Parse(await File.ReadAllBytesAsync(torrent)).InfoHash);

        using var stopSeed = new CancellationTokenSource();
        var seedRun = new CliRun();
        var seeding = seedRun.RunAsync(stopSeed.Token, "seed", torrent, _folder.Combine("share"), "--port", "0", "--max-time", "90");
        await WaitForSeederAsync(announce, hash, seeding, seedRun);

        // The magnet carries the tracker as 'tr' and nothing else that leads to the seeder: no x.pe, no DHT.
        var source = magnet ? MagnetLink.FromMetainfo(TorrentMetainfo.Parse(await File.ReadAllBytesAsync(torrent))).ToString() : torrent;
        Assert.Equal(magnet, source.Contains("&tr=", StringComparison.Ordinal));
        var (code, get) = await CliRun.RunAsync("get", source, "-o", _folder.Combine("out"), "--max-time", "60");
        await stopSeed.CancelAsync();
        await seeding.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(code == ExitCodes.Success, get.Out + get.Error + seedRun.Error);
        Assert.Equal(await File.ReadAllBytesAsync(data), await File.ReadAllBytesAsync(_folder.Combine("out", "movie.bin")));
    }

    /// <summary>Bounded wait until the tracker counts the seeder, so the leecher's first announce finds it.</summary>
    private static async Task WaitForSeederAsync(string announce, InfoHash hash, Task<int> seeding, CliRun seedRun)
    {
        using var http = new HttpClient();
        using ITrackerClient scraper = announce.StartsWith("udp", StringComparison.Ordinal)
            ? new UdpTrackerClient(new Uri(announce), TimeProvider.System, new UdpTrackerOptions { BaseTimeout = TimeSpan.FromSeconds(1), MaxRetransmissions = 1 })
            : new HttpTrackerClient(new Uri(announce), http, TimeProvider.System);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !seeding.IsCompleted)
        {
            if (PortLine().IsMatch(seedRun.Out))
            {
                var stats = await scraper.ScrapeAsync([hash], CancellationToken.None);
                if (stats.TryGetValue(hash, out var s) && s.Seeders == 1)
                {
                    return;
                }
            }

            await Task.Delay(100, CancellationToken.None);
        }

        throw new InvalidOperationException($"The seeder never showed up at the tracker: {seedRun.Out}\n{seedRun.Error}");
    }
}
