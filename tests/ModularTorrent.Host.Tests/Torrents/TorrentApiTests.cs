using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ModularTorrent.Host.Tests.Support;

namespace ModularTorrent.Host.Tests.Torrents;

/// <summary>The torrent API end to end: one host creates and seeds, another downloads through the REST API, real engines on loopback.</summary>
public sealed class TorrentApiTests
{
    [Fact]
    public async Task Create_seed_add_download_inspect_control_and_remove_through_the_api()
    {
        using var folder = new TempFolder();
        var payload = TorrentHost.MakePayload(folder.Path, 700_000, 333_333, 1_200_001);
        using var seeder = TorrentHost.Start();
        using var leecher = TorrentHost.Start();

        var create = await seeder.Client.PostAsJsonAsync("/api/v1/torrents/create", new { path = payload, pieceLength = 65536 });
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        var created = await create.Content.ReadFromJsonAsync<JsonElement>();
        var infoHash = created.GetProperty("torrent").GetProperty("infoHash").GetString()!;
        Assert.StartsWith($"magnet:?xt=urn:btih:{infoHash}", created.GetProperty("magnet").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains(created.GetProperty("torrent").GetProperty("state").GetString(), new[] { "waiting", "checking", "seeding" });
        Assert.Equal("seeding", (await seeder.WaitForProgressAsync(infoHash, 1.0, TimeSpan.FromSeconds(30))).GetProperty("state").GetString());
        var metainfo = Convert.FromBase64String(created.GetProperty("metainfo").GetString()!);
        Assert.Equal(metainfo, await seeder.Client.GetByteArrayAsync($"/api/v1/torrents/{infoHash}/metainfo"));

        var torrentFile = Path.Combine(folder.Path, "payload.torrent");
        await File.WriteAllBytesAsync(torrentFile, metainfo);
        var target = folder.Sub("download");
        var add = await leecher.Client.PostAsJsonAsync("/api/v1/torrents", new { path = torrentFile, savePath = target, peers = new[] { seeder.Peer }, selectionPolicy = "rarest-first" });
        Assert.Equal(HttpStatusCode.Created, add.StatusCode);
        Assert.Equal($"/api/v1/torrents/{infoHash}", add.Headers.Location?.ToString());

        var done = await leecher.WaitForProgressAsync(infoHash, 1.0, TimeSpan.FromSeconds(60));
        Assert.Equal(2_233_334, done.GetProperty("totalBytes").GetInt64());
        TorrentHost.AssertSameFiles(payload, Path.Combine(target, "payload"));

        var files = await leecher.Client.GetFromJsonAsync<JsonElement>($"/api/v1/torrents/{infoHash}/files");
        Assert.Equal(3, files.GetArrayLength());
        Assert.All(files.EnumerateArray(), f => Assert.Equal(f.GetProperty("length").GetInt64(), f.GetProperty("bytesCompleted").GetInt64()));
        var pieces = await leecher.Client.GetFromJsonAsync<JsonElement>($"/api/v1/torrents/{infoHash}/pieces");
        Assert.Equal(pieces.GetProperty("pieceCount").GetInt32(), pieces.GetProperty("verified").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await leecher.Client.GetAsync($"/api/v1/torrents/{infoHash}/peers")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await leecher.Client.GetAsync($"/api/v1/torrents/{infoHash}/trackers")).StatusCode);

        var list = await leecher.Client.GetFromJsonAsync<JsonElement>("/api/v1/torrents?state=seeding&sort=name&limit=10");
        Assert.Equal(1, list.GetProperty("total").GetInt32());

        var paused = await (await leecher.Client.PostAsync($"/api/v1/torrents/{infoHash}/pause", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("paused", paused.GetProperty("state").GetString());
        var resumed = await (await leecher.Client.PostAsync($"/api/v1/torrents/{infoHash}/resume", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEqual("paused", resumed.GetProperty("state").GetString());

        var patched = await leecher.Client.PatchAsJsonAsync($"/api/v1/torrents/{infoHash}", new { selectionPolicy = "sequential", limits = new { downloadBytesPerSecond = 1_000_000, uploadBytesPerSecond = 500_000 } });
        var patchedBody = await patched.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("sequential", patchedBody.GetProperty("selectionPolicy").GetString());
        Assert.Equal(500_000, patchedBody.GetProperty("uploadLimit").GetInt64());
        var badPolicy = await leecher.Client.PatchAsJsonAsync($"/api/v1/torrents/{infoHash}", new { selectionPolicy = "fastest-please" });
        await AssertValidationAsync(badPolicy, "selectionPolicy");

        var duplicate = await leecher.Client.PostAsJsonAsync("/api/v1/torrents", new { path = torrentFile, savePath = target });
        await AssertProblemAsync(duplicate, HttpStatusCode.Conflict, "duplicate-torrent");

        var stats = await leecher.Client.GetFromJsonAsync<JsonElement>("/api/v1/stats");
        Assert.Equal(1, stats.GetProperty("torrents").GetInt32());

        Assert.Equal(HttpStatusCode.NoContent, (await leecher.Client.DeleteAsync($"/api/v1/torrents/{infoHash}?deleteData=true")).StatusCode);
        await AssertProblemAsync(await leecher.Client.GetAsync($"/api/v1/torrents/{infoHash}"), HttpStatusCode.NotFound, "torrent-not-found");
        Assert.False(File.Exists(Path.Combine(target, "payload", "a.bin")));
    }

    [Fact]
    public async Task Bad_input_gets_its_own_clear_answer()
    {
        using var host = TorrentHost.Start();
        var client = host.Client;

        await AssertValidationAsync(await client.PostAsJsonAsync("/api/v1/torrents", new { magnet = "http://not-a-magnet" }), "magnet");
        await AssertValidationAsync(await client.PostAsJsonAsync("/api/v1/torrents", new { magnet = "magnet:?xt=urn:btih:xyz" }), "magnet");
        await AssertValidationAsync(await client.PostAsJsonAsync("/api/v1/torrents", new { }), "magnet");
        await AssertValidationAsync(await client.PostAsJsonAsync("/api/v1/torrents", new { url = "ftp://x/y.torrent" }), "url");
        await AssertValidationAsync(await client.PostAsJsonAsync("/api/v1/torrents", new { path = "relative.torrent" }), "path");
        await AssertValidationAsync(await client.PostAsJsonAsync("/api/v1/torrents", new { path = "/tmp/x.torrent", filePriorities = new Dictionary<string, string> { ["0"] = "urgent" } }), "filePriorities.0");
        await AssertValidationAsync(await client.GetAsync("/api/v1/torrents/not-a-hash"), "infoHash");
        await AssertValidationAsync(await client.GetAsync("/api/v1/torrents?limit=0"), "limit");
        await AssertValidationAsync(await client.GetAsync("/api/v1/torrents?state=sleeping"), "state");

        using var notBencode = new MultipartFormDataContent { { new ByteArrayContent("this is not bencode"u8.ToArray()), "torrent", "x.torrent" } };
        await AssertProblemAsync(await client.PostAsync("/api/v1/torrents", notBencode), HttpStatusCode.UnprocessableEntity, "invalid-torrent");
        using var brokenBencode = new MultipartFormDataContent { { new ByteArrayContent("d4:infod6:lengthi-0eee"u8.ToArray()), "torrent", "x.torrent" } };
        await AssertProblemAsync(await client.PostAsync("/api/v1/torrents", brokenBencode), HttpStatusCode.UnprocessableEntity, "invalid-torrent");

        await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/torrents", new { url = $"http://127.0.0.1:{FreePort.Next()}/missing.torrent" }), HttpStatusCode.BadGateway, "source-unreachable");
        await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/torrents", new { path = "/nonexistent/file.torrent" }), HttpStatusCode.BadGateway, "source-unreachable");
        await AssertProblemAsync(await client.GetAsync($"/api/v1/torrents/{new string('a', 40)}"), HttpStatusCode.NotFound, "torrent-not-found");
        await AssertProblemAsync(await client.PostAsync($"/api/v1/torrents/{new string('b', 40)}/pause", null), HttpStatusCode.NotFound, "torrent-not-found");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task A_torrent_url_is_fetched_and_added()
    {
        using var folder = new TempFolder();
        var payload = TorrentHost.MakePayload(folder.Path, 100_000);
        using var host = TorrentHost.Start();
        var created = await (await host.Client.PostAsJsonAsync("/api/v1/torrents/create", new { path = payload })).Content.ReadFromJsonAsync<JsonElement>();
        var metainfo = Convert.FromBase64String(created.GetProperty("metainfo").GetString()!);
        using var other = TorrentHost.Start();
        var port = FreePort.Next();
        using var server = new HttpListener();
        server.Prefixes.Add($"http://127.0.0.1:{port}/");
        server.Start();
        var serving = Task.Run(async () =>
        {
            var context = await server.GetContextAsync();
            context.Response.ContentType = "application/x-bittorrent";
            await context.Response.OutputStream.WriteAsync(metainfo);
            context.Response.Close();
        });

        var response = await other.Client.PostAsJsonAsync("/api/v1/torrents", new { url = $"http://127.0.0.1:{port}/file.torrent", savePath = folder.Sub("dl"), startPaused = true });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(created.GetProperty("torrent").GetProperty("infoHash").GetString(), body.GetProperty("infoHash").GetString());
        var infoHash = body.GetProperty("infoHash").GetString()!;
        await Poll.UntilAsync(async () => (await other.GetTorrentAsync(infoHash)).GetProperty("state").GetString() == "paused", TimeSpan.FromSeconds(20), "the paused state");
        await serving.WaitAsync(TimeSpan.FromSeconds(10));
    }

    internal static async Task AssertValidationAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("https://modulartorrent.dev/problems/validation", problem.GetProperty("type").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"expected an error for '{field}', got {problem}");
    }

    internal static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"https://modulartorrent.dev/problems/{type}", JsonDocument.Parse(text).RootElement.GetProperty("type").GetString());
    }
}
