using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.Tests.Support;
using ModularTorrent.BitTorrent.WebSeeds;

namespace ModularTorrent.BitTorrent.Tests.WebSeeds;

/// <summary>
/// Real files in a temp folder, torrents made from them by <see cref="TorrentCreator"/> (16 KiB pieces that cross
/// file boundaries), a real Kestrel server over the folder, and an HTTP client set up for web seeds.
/// </summary>
public sealed class WebSeedTestBed : IAsyncDisposable
{
    public const int PieceLength = 16 * 1024;
    public const string SingleName = "single file.bin";
    public const string MultiName = "Multi Folder ü";

    // Ordinal path order (the creator's order). Sizes chosen so pieces straddle files, including an empty file and a 5-byte one inside a piece.
    public static readonly (string Path, int Length)[] MultiFiles =
    [
        ("a b.txt", 10_000),
        ("empty", 0),
        ("odd #1 100% + (x)&y.bin", 3_000),
        ("sub dir/tiny", 5),
        ("sub dir/ünïcödé файл.bin", 40_000),
        ("z.bin", 70_001),
    ];

    private WebSeedTestBed(TempFolder temp, WebSeedServer server, HttpClient http, TorrentMetainfo single, TorrentMetainfo multi)
    {
        Temp = temp;
        Server = server;
        Http = http;
        Single = single;
        Multi = multi;
    }

    public TempFolder Temp { get; }

    public string Www => Temp.Combine("www");

    public WebSeedServer Server { get; }

    public HttpClient Http { get; }

    public TorrentMetainfo Single { get; }

    public TorrentMetainfo Multi { get; }

    public static async Task<WebSeedTestBed> CreateAsync()
    {
        var temp = new TempFolder("mt-bt");
        temp.WriteFile("www/" + SingleName, TestData.Bytes(100_003, 1));
        var seed = 2;
        foreach (var (path, length) in MultiFiles)
        {
            temp.WriteFile($"www/{MultiName}/{path}", TestData.Bytes(length, seed++));
        }

        var options = new TorrentCreateOptions { PieceLength = PieceLength, CreationDate = null };
        var single = TorrentMetainfo.Parse(await TorrentCreator.CreateAsync(temp.Combine("www", SingleName), options));
        var multi = TorrentMetainfo.Parse(await TorrentCreator.CreateAsync(temp.Combine("www", MultiName), options));
        var server = await WebSeedServer.StartAsync(temp.Combine("www"));
        var http = new HttpClient(WebSeedClient.CreateHandler()) { Timeout = TimeSpan.FromSeconds(60) };
        return new WebSeedTestBed(temp, server, http, single, multi);
    }

    public WebSeedClient Client(string relativeSeed, TorrentMetainfo metainfo, WebSeedClientOptions? options = null) =>
        new(Server.At(relativeSeed), metainfo, Http, TimeProvider.System, options);

    public byte[] ReadSource(TorrentMetainfo metainfo, int fileIndex) =>
        File.ReadAllBytes(metainfo.IsMultiFile
            ? Temp.Combine(["www", metainfo.Name, .. metainfo.Files[fileIndex].Path.Split('/')])
            : Temp.Combine("www", metainfo.Name));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        Temp.Dispose();
    }
}
