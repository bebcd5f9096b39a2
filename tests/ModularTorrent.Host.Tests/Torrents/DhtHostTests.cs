using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ModularTorrent.Host.Tests.Support;

namespace ModularTorrent.Host.Tests.Torrents;

/// <summary>
/// The DHT as an integrator meets it: two hosts with the BitTorrent plugin's <c>Dht</c> switch on, a bare magnet
/// posted to the REST API, and the routing table kept in the host's database between runs.
/// </summary>
public sealed class DhtHostTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private static Dictionary<string, string?> Dht(string dataDirectory, int? bootstrapPort = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["DataDirectory"] = dataDirectory,
            [$"Plugins:{TorrentHost.BitTorrentId}:Dht"] = "true",

            // The engine's DHT and connection detail, shown if the test fails.
            [$"Logging:LogLevel:Plugin.{TorrentHost.BitTorrentId}"] = "Debug",
        };
        if (bootstrapPort is { } port)
        {
            settings[$"Plugins:{TorrentHost.BitTorrentId}:DhtBootstrap"] = "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
        }

        return settings;
    }

    [Fact]
    public async Task A_bare_magnet_completes_through_the_dht_and_a_restarted_host_rejoins_through_its_saved_table()
    {
        using var folder = new TempFolder();
        var payload = TorrentHost.MakePayload(folder.Path, 400_000, 123_457);

        // The seeding host's DHT node joins nobody; it is the whole DHT the other host knows.
        using var seeder = TorrentHost.Start(Dht(folder.Sub("seeder-data")));
        var create = await seeder.Client.PostAsJsonAsync("/api/v1/torrents/create", new { path = payload, pieceLength = 32768 });
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        var infoHash = (await create.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("torrent").GetProperty("infoHash").GetString()!;
        await seeder.WaitForProgressAsync(infoHash, 1.0, Bound);
        var bareMagnet = $"magnet:?xt=urn:btih:{infoHash}";

        var leecherData = folder.Sub("leecher-data");
        using (var leecher = TorrentHost.Start(Dht(leecherData, bootstrapPort: seeder.PeerPort)))
        {
            var add = await leecher.Client.PostAsJsonAsync("/api/v1/torrents", new { magnet = bareMagnet, savePath = folder.Sub("first") });
            Assert.Equal(HttpStatusCode.Created, add.StatusCode);
            await leecher.WaitForProgressAsync(infoHash, 1.0, Bound);
            TorrentHost.AssertSameFiles(payload, Path.Combine(folder.Path, "first", "payload"));
        }

        // Same database, no bootstrap node: the table the first run saved is the only way back to the seeder.
        using var restarted = TorrentHost.Start(Dht(leecherData));
        await Poll.UntilAsync(async () => (await restarted.Client.GetAsync($"/api/v1/torrents/{infoHash}")).IsSuccessStatusCode, Bound, "the resumed torrent");
        Assert.Equal(HttpStatusCode.NoContent, (await restarted.Client.DeleteAsync($"/api/v1/torrents/{infoHash}?deleteData=false")).StatusCode);

        var again = await restarted.Client.PostAsJsonAsync("/api/v1/torrents", new { magnet = bareMagnet, savePath = folder.Sub("second") });
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        await restarted.WaitForProgressAsync(infoHash, 1.0, Bound);
        TorrentHost.AssertSameFiles(payload, Path.Combine(folder.Path, "second", "payload"));
    }
}
