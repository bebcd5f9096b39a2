using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModularTorrent.Host.Tests.Api;
using ModularTorrent.Host.Tests.Support;
using ModularTorrent.Runtime.Plugins;

namespace ModularTorrent.Host.Tests.Torrents;

/// <summary>Live behaviour with real engines: WebSocket deltas during a download, and a hot swap of the engine mid-download.</summary>
public sealed class TorrentLiveTests
{
    private const int PayloadBytes = 6 * 1024 * 1024;

    [Fact]
    public async Task The_event_stream_sends_a_snapshot_then_only_changed_fields_at_most_every_500_ms_per_torrent()
    {
        using var folder = new TempFolder();
        var payload = TorrentHost.MakePayload(folder.Path, PayloadBytes);
        using var seeder = TorrentHost.Start(new Dictionary<string, string?> { [$"Plugins:{TorrentHost.BitTorrentId}:UploadLimit"] = "1500000" });
        using var leecher = TorrentHost.Start();
        var (infoHash, torrentFile) = await CreateAsync(seeder, payload, folder.Path);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        using var socket = await leecher.Factory.CreateAuthorizedWebSocketClient()
            .ConnectAsync(new Uri(leecher.Factory.Server.BaseAddress, $"/api/v1/events?infoHash={infoHash}"), timeout.Token);
        Assert.Equal("hello", (await EventStreamTests.ReceiveAsync(socket, timeout.Token)).GetProperty("type").GetString());
        Assert.Equal(0, (await EventStreamTests.ReceiveAsync(socket, timeout.Token)).GetProperty("torrents").GetArrayLength());

        var add = await leecher.Client.PostAsJsonAsync("/api/v1/torrents", new { path = torrentFile, savePath = folder.Sub("dl"), peers = new[] { seeder.Peer } });
        Assert.Equal(HttpStatusCode.Created, add.StatusCode);

        var deltaTimes = new List<DateTimeOffset>();
        var sawAdded = false;
        var sawCompleted = false;
        double lastProgress = 0;
        while (!(sawCompleted && lastProgress >= 1.0))
        {
            var message = await EventStreamTests.ReceiveAsync(socket, timeout.Token);
            var type = message.GetProperty("type").GetString();
            switch (type)
            {
                case "transfer.added":
                    sawAdded = true;
                    break;
                case "transfer.completed":
                    sawCompleted = true;
                    break;
                case "transfer.changed":
                    Assert.Equal(infoHash, message.GetProperty("id").GetString());
                    var changes = message.GetProperty("changes");
                    Assert.False(changes.TryGetProperty("savePath", out _), "unchanged fields are not repeated");
                    if (changes.TryGetProperty("progress", out var progress))
                    {
                        lastProgress = progress.GetDouble();
                    }

                    deltaTimes.Add(message.GetProperty("timestamp").GetDateTimeOffset());
                    break;
            }

            if (message.TryGetProperty("transferId", out var id) && id.ValueKind == JsonValueKind.String)
            {
                Assert.Equal(infoHash, id.GetString());
            }
        }

        Assert.True(sawAdded);
        Assert.True(deltaTimes.Count >= 2, $"expected several deltas during a throttled download, got {deltaTimes.Count}");
        for (var i = 1; i < deltaTimes.Count; i++)
        {
            Assert.True(deltaTimes[i] - deltaTimes[i - 1] >= TimeSpan.FromMilliseconds(450), $"deltas {deltaTimes[i - 1]:O} and {deltaTimes[i]:O} are closer than 500 ms");
        }
    }

    [Fact]
    public async Task Replacing_the_engine_plugin_mid_download_continues_without_fetching_verified_pieces_again()
    {
        using var folder = new TempFolder();
        var payload = TorrentHost.MakePayload(folder.Path, PayloadBytes);
        using var seeder = TorrentHost.Start(new Dictionary<string, string?> { [$"Plugins:{TorrentHost.BitTorrentId}:UploadLimit"] = "1000000" });
        using var leecher = TorrentHost.Start();
        var (infoHash, torrentFile) = await CreateAsync(seeder, payload, folder.Path);
        var target = folder.Sub("dl");
        (await leecher.Client.PostAsJsonAsync("/api/v1/torrents", new { path = torrentFile, savePath = target, peers = new[] { seeder.Peer } })).EnsureSuccessStatusCode();

        var before = await leecher.WaitForProgressAsync(infoHash, 0.3, TimeSpan.FromSeconds(60));
        Assert.True(before.GetProperty("progress").GetDouble() < 1.0, "the download finished before the swap; throttle harder");

        // Rewrite the plugin's files in place, as a deployment would: the watcher reloads it.
        var plugins = leecher.Factory.Services.GetRequiredService<PluginManager>();
        var pluginFolder = Path.Combine(leecher.Factory.PluginsDirectory, "ModularTorrent.BitTorrent");
        var generation = plugins.Get(TorrentHost.BitTorrentId)!.Generation;
        foreach (var file in Directory.GetFiles(pluginFolder))
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow);
        }

        await Poll.UntilAsync(
            () => plugins.Get(TorrentHost.BitTorrentId) is { State: PluginState.Loaded } info && info.Generation > generation,
            TimeSpan.FromSeconds(10),
            "the engine plugin to reload");
        // The restarted torrent first waits and checks its resume data; read it once it moves data again.
        var resumedFrom = await Poll.UntilAsync(
            async () => await leecher.GetTorrentAsync(infoHash) is var t
                && t.GetProperty("handler").GetString() == "bittorrent"
                && t.GetProperty("state").GetString() is "downloading" or "seeding",
            TimeSpan.FromSeconds(30),
            "the torrent to run again on the new engine");
        var restarted = await leecher.GetTorrentAsync(infoHash);
        var verifiedAtRestart = restarted.GetProperty("verifiedBytes").GetInt64();
        Assert.True(verifiedAtRestart >= (long)(0.3 * PayloadBytes * 0.9), $"resume lost verified data: {verifiedAtRestart} bytes at restart");

        var done = await leecher.WaitForProgressAsync(infoHash, 1.0, TimeSpan.FromSeconds(90));
        var downloadedAfterSwap = done.GetProperty("downloadedBytes").GetInt64();
        Assert.True(
            downloadedAfterSwap <= PayloadBytes - verifiedAtRestart + (2 * 1024 * 1024),
            $"after the swap {downloadedAfterSwap} bytes were downloaded for {PayloadBytes - verifiedAtRestart} missing bytes");
        TorrentHost.AssertSameFiles(payload, Path.Combine(target, "payload"));
        Assert.True(await plugins.WaitForUnloadVerificationAsync(TorrentHost.BitTorrentId).WaitAsync(TimeSpan.FromSeconds(60)), "the old engine's load context was not collected");
        _ = resumedFrom;
    }

    private static async Task<(string InfoHash, string TorrentFile)> CreateAsync(TorrentHost seeder, string payload, string folder)
    {
        var created = await (await seeder.Client.PostAsJsonAsync("/api/v1/torrents/create", new { path = payload, pieceLength = 65536 })).Content.ReadFromJsonAsync<JsonElement>();
        var infoHash = created.GetProperty("torrent").GetProperty("infoHash").GetString()!;
        var torrentFile = Path.Combine(folder, "payload.torrent");
        await File.WriteAllBytesAsync(torrentFile, Convert.FromBase64String(created.GetProperty("metainfo").GetString()!));
        await seeder.WaitForProgressAsync(infoHash, 1.0, TimeSpan.FromSeconds(30));
        return (infoHash, torrentFile);
    }
}
