using System.Globalization;
using System.Text.RegularExpressions;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.Cli;
using ModularTorrent.Interop.Tests;

namespace ModularTorrent.Cli.Tests;

/// <summary>
/// <c>mt get MAGNET</c> as a separate process given only the info-hash (no <c>tr</c>, no <c>x.pe</c>, no <c>--peer</c>)
/// and one DHT bootstrap node on 127.0.0.1: the seeder is found through the DHT alone, the metadata fetched from it
/// (BEP 9), then the data.
/// </summary>
public sealed partial class MagnetDhtTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [GeneratedRegex(@"DHT node on UDP port (\d+)")]
    private static partial Regex DhtPortLine();

    /// <summary>A two-file share and its .torrent (made by <c>mt create</c>, no tracker); returns the torrent's path and metainfo.</summary>
    private async Task<(string Torrent, TorrentMetainfo Metainfo)> CreateShareAsync()
    {
        _folder.WriteRandomFile("share/album.bin", 3_000_000);
        _folder.WriteRandomFile("share/notes/cover.txt", 70_000);
        var torrent = _folder.Combine("share.torrent");
        var (code, run) = await CliRun.RunAsync("create", _folder.Combine("share"), "-o", torrent);
        Assert.True(code == ExitCodes.Success, run.Error);
        var metainfo = TorrentMetainfo.Parse(await File.ReadAllBytesAsync(torrent));
        Assert.Empty(metainfo.AnnounceTiers);
        return (torrent, metainfo);
    }

    private static string BareMagnet(TorrentMetainfo metainfo) => $"magnet:?xt=urn:btih:{metainfo.InfoHash.ToHex()}";

    private void AssertSameFiles()
    {
        foreach (var relative in new[] { "album.bin", Path.Combine("notes", "cover.txt") })
        {
            Assert.Equal(File.ReadAllBytes(_folder.Combine("share", relative)), File.ReadAllBytes(_folder.Combine("out", "share", relative)));
        }
    }

    [Fact]
    public async Task Get_completes_a_magnet_from_a_libtorrent_seeder_found_through_the_dht_alone()
    {
        LibtorrentProcess.RequireLibtorrent();
        var (torrent, metainfo) = await CreateShareAsync();

        // libtorrent's DHT and ours bootstrap from each other: the two nodes are the whole DHT, on 127.0.0.1.
        var mtPort = FreePort.TcpAndUdp();
        var seedPort = FreePort.TcpAndUdp();
        using var seeder = LibtorrentProcess.Seed(torrent, _folder.Path, seedPort, options: ["--dht-bootstrap", $"127.0.0.1:{mtPort}"]);
        await seeder.WaitUntilAsync(s => s.Seeding, Bound, "seeding");

        using var get = new MtProcess(
            "get", BareMagnet(metainfo), "-o", _folder.Combine("out"), "--port", mtPort.ToString(CultureInfo.InvariantCulture),
            "--dht-bootstrap", $"127.0.0.1:{seedPort}", "--max-time", "90");
        var code = await get.WaitAsync(Bound + TimeSpan.FromSeconds(10));

        Assert.True(code == ExitCodes.Success, $"{get.Out}\n{get.Error}\nlibtorrent: {seeder.Output}");
        AssertSameFiles();
        Assert.Contains("Fetching the metadata of", get.Out, StringComparison.Ordinal);
        Assert.Contains($"Done: all {metainfo.PieceCount} pieces of share verified", get.Out, StringComparison.Ordinal);

        // Every byte came from libtorrent: it is the only peer there is.
        await seeder.WaitUntilAsync(s => s.Uploaded >= metainfo.TotalLength, TimeSpan.FromSeconds(10), "uploaded the whole share");
    }

    [Fact]
    public async Task Get_completes_a_magnet_from_an_mt_seed_found_through_the_dht_alone()
    {
        var (torrent, metainfo) = await CreateShareAsync();

        // The seed's DHT node joins nobody; the getter joins through it, and it names itself as the torrent's peer.
        using var seed = new MtProcess("seed", torrent, _folder.Path, "--port", "0", "--dht", "--max-time", "120");
        var dhtPort = (await seed.WaitForOutputAsync(DhtPortLine(), Bound)).Groups[1].Value;

        using var get = new MtProcess("get", BareMagnet(metainfo), "-o", _folder.Combine("out"), "--dht-bootstrap", $"127.0.0.1:{dhtPort}", "--max-time", "90");
        var code = await get.WaitAsync(Bound + TimeSpan.FromSeconds(10));

        Assert.True(code == ExitCodes.Success, $"{get.Out}\n{get.Error}\nseed: {seed.Out}\n{seed.Error}");
        AssertSameFiles();
        Assert.Contains($"Done: all {metainfo.PieceCount} pieces of share verified", get.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_get_rejoins_the_dht_through_the_table_the_first_saved_with_no_bootstrap_node()
    {
        var (torrent, metainfo) = await CreateShareAsync();
        using var seed = new MtProcess("seed", torrent, _folder.Path, "--port", "0", "--dht", "--max-time", "180");
        var dhtPort = (await seed.WaitForOutputAsync(DhtPortLine(), Bound)).Groups[1].Value;
        var table = _folder.Combine("dht.dat");

        using (var first = new MtProcess("get", BareMagnet(metainfo), "-o", _folder.Combine("first"), "--dht-bootstrap", $"127.0.0.1:{dhtPort}", "--dht-state", table, "--max-time", "90"))
        {
            Assert.True(await first.WaitAsync(Bound + TimeSpan.FromSeconds(10)) == ExitCodes.Success, $"{first.Out}\n{first.Error}");
            Assert.Contains($"joining through 127.0.0.1:{dhtPort}; its routing table is kept in {table}.", first.Out, StringComparison.Ordinal);
        }

        Assert.True(File.Exists(table));

        // No --dht-bootstrap, no peer, no tracker: the saved table is the only way to the seed.
        using var second = new MtProcess("get", BareMagnet(metainfo), "-o", _folder.Combine("out"), "--dht-state", table, "--max-time", "90");
        var code = await second.WaitAsync(Bound + TimeSpan.FromSeconds(10));

        Assert.True(code == ExitCodes.Success, $"{second.Out}\n{second.Error}\nseed: {seed.Out}\n{seed.Error}");
        Assert.Contains($"joining through the 1 nodes saved in {table}; its routing table is kept in {table}.", second.Out, StringComparison.Ordinal);
        AssertSameFiles();
    }

    [Fact]
    public async Task A_damaged_dht_state_file_is_reported_and_replaced_by_a_good_table()
    {
        var (torrent, metainfo) = await CreateShareAsync();
        using var seed = new MtProcess("seed", torrent, _folder.Path, "--port", "0", "--dht", "--max-time", "180");
        var dhtPort = (await seed.WaitForOutputAsync(DhtPortLine(), Bound)).Groups[1].Value;
        var table = _folder.WriteFile("dht.dat", "not a table"u8.ToArray());

        using var get = new MtProcess("get", BareMagnet(metainfo), "-o", _folder.Combine("out"), "--dht-bootstrap", $"127.0.0.1:{dhtPort}", "--dht-state", table, "--max-time", "90");
        var code = await get.WaitAsync(Bound + TimeSpan.FromSeconds(10));

        Assert.True(code == ExitCodes.Success, $"{get.Out}\n{get.Error}");
        Assert.Contains("The saved DHT routing table is unreadable", get.Error, StringComparison.Ordinal);
        AssertSameFiles();
        Assert.StartsWith("d2:id20:", System.Text.Encoding.Latin1.GetString(await File.ReadAllBytesAsync(table)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_magnet_ends_the_process_with_2_and_one_line()
    {
        using var get = new MtProcess("get", "magnet:?xt=urn:btih:0123456789abcdef", "-o", _folder.Combine("out"), "--dht-bootstrap", "127.0.0.1:6881");

        Assert.Equal(ExitCodes.InvalidInput, await get.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal("mt: The magnet link is not valid: The btih info-hash is neither 40 hex nor 32 base32 characters.", get.Error.Trim());
        Assert.False(Directory.Exists(_folder.Combine("out", "share")));
    }
}
