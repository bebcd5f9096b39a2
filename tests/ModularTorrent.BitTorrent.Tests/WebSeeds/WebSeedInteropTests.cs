using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.Interop.Tests;

namespace ModularTorrent.BitTorrent.Tests.WebSeeds;

/// <summary>
/// libtorrent (python3-libtorrent) downloads the same torrents from the same web seed URLs on our Kestrel server:
/// it must finish (its own hash checks pass), and it must ask for exactly the file URLs our mapping produces.
/// </summary>
public sealed class WebSeedInteropTests
{
    // Kept here rather than in python/ so the web seed tests stay in their own folder; written to the temp dir per run.
    private const string Script = """
        import json, sys, time, warnings
        import libtorrent as lt
        warnings.simplefilter('ignore', DeprecationWarning)
        torrent, save, timeout = sys.argv[1], sys.argv[2], float(sys.argv[3])
        ses = lt.session({'listen_interfaces': '127.0.0.1:0', 'enable_dht': False, 'enable_lsd': False,
                          'enable_upnp': False, 'enable_natpmp': False,
                          'alert_mask': lt.alert.category_t.error_notification | lt.alert.category_t.peer_notification})
        h = ses.add_torrent({'ti': lt.torrent_info(torrent), 'save_path': save})
        deadline = time.time() + timeout
        while time.time() < deadline:
            for a in ses.pop_alerts():
                if isinstance(a, lt.url_seed_alert):
                    print(json.dumps({'url_seed_error': a.message()}), flush=True)
            if h.status().is_seeding:
                print(json.dumps({'done': True}), flush=True)
                sys.exit(0)
            time.sleep(0.05)
        print(json.dumps({'timeout': h.status().progress}), flush=True)
        sys.exit(1)
        """;

    [Theory]
    [InlineData(true, "good/")]
    [InlineData(true, "good/" + WebSeedTestBed.SingleName)]
    [InlineData(false, "good")]
    [InlineData(false, "good/")]
    public async Task Libtorrent_fetches_the_same_file_urls_from_the_same_web_seed(bool single, string seed)
    {
        LibtorrentScript.RequireLibtorrent();
        await using var bed = await WebSeedTestBed.CreateAsync();
        var metainfo = single ? bed.Single : bed.Multi;

        // Ours first: every piece through the client, and the paths it asked for.
        var client = bed.Client(seed, metainfo);
        var buffer = new byte[metainfo.PieceLength];
        for (var piece = 0; piece < metainfo.PieceCount; piece++)
        {
            await client.FetchPieceAsync(piece, buffer, CancellationToken.None);
        }

        var ours = bed.Server.Requests.Select(r => r.Path).ToHashSet();
        bed.Server.Requests.Clear();

        // The same torrent with the web seed in url-list, handed to libtorrent.
        var source = single ? bed.Temp.Combine("www", WebSeedTestBed.SingleName) : bed.Temp.Combine("www", WebSeedTestBed.MultiName);
        var torrent = await TorrentCreator.CreateAsync(source, new TorrentCreateOptions { PieceLength = WebSeedTestBed.PieceLength, WebSeeds = [bed.Server.At(seed).AbsoluteUri] });
        Assert.Equal(metainfo.InfoHash, TorrentMetainfo.Parse(torrent).InfoHash);
        var torrentPath = bed.Temp.WriteFile("lt.torrent", torrent);
        var scriptPath = bed.Temp.WriteFile("lt_webseed.py", System.Text.Encoding.UTF8.GetBytes(Script));
        var save = bed.Temp.Combine("lt-save");
        Directory.CreateDirectory(save);
        var (exit, stdout, stderr) = await ProcessRunner.RunAsync(LibtorrentScript.Python, [scriptPath, torrentPath, save, "40"], TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, $"libtorrent did not finish: {stdout}\nstderr: {stderr}");

        var theirs = bed.Server.Requests.Where(r => r.Status is 200 or 206).Select(r => r.Path).ToHashSet();
        Assert.Empty(bed.Server.Requests.Where(r => r.Status is not (200 or 206)).Select(r => $"{r.Status} {r.Path}"));
        Assert.Equal(ours.Order(StringComparer.Ordinal), theirs.Order(StringComparer.Ordinal));
        for (var i = 0; i < metainfo.Files.Count; i++)
        {
            var path = single ? Path.Combine(save, metainfo.Name) : Path.Combine([save, metainfo.Name, .. metainfo.Files[i].Path.Split('/')]);
            if (metainfo.Files[i].Length > 0)
            {
                Assert.True(bed.ReadSource(metainfo, i).AsSpan().SequenceEqual(File.ReadAllBytes(path)), $"libtorrent's copy of {metainfo.Files[i].Path} differs");
            }
        }
    }
}
