using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ModularTorrent.Host.Tests.Support;

namespace ModularTorrent.Host.Tests.Dashboard;

/// <summary>
/// End to end in a real browser: Debian's Chromium driven by Playwright against the real host
/// process on 127.0.0.1, downloading from a real libtorrent seeder.
/// </summary>
public sealed partial class DashboardTests
{
    [Fact]
    public async Task Adding_a_torrent_in_the_dashboard_shows_its_progress_bar_reaching_100_percent()
    {
        using var folder = new TempFolder();
        var payload = TorrentHost.MakePayload(folder.Path, 3_000_000, 1_500_000);
        var torrentFile = Path.Combine(folder.Path, "payload.torrent");
        await LibtorrentSeeder.CreateTorrentAsync(payload, torrentFile, 65536);
        using var seeder = await LibtorrentSeeder.StartAsync(torrentFile, folder.Path);

        var plugins = folder.Sub("plugins");
        foreach (var plugin in new[] { "ModularTorrent.BitTorrent", "ModularTorrent.Selection" })
        {
            TempFolder.CopyDirectory(Path.Combine(RepoRoot.Path, "artifacts", "plugins", plugin), Path.Combine(plugins, plugin));
        }

        await using var host = await HostProcess.StartAsync(folder.Sub("data"), plugins, new Dictionary<string, string>
        {
            ["Plugins:modulartorrent.bittorrent:ListenAddress"] = "127.0.0.1",
            ["Plugins:modulartorrent.bittorrent:ListenPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
        });
        var key = AdminKey().Match(host.Output).Groups[1].Value;
        Assert.StartsWith("mt_", key, StringComparison.Ordinal);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(host.Address.ToString());
        await page.FillAsync("#api-key", key);
        await page.PressAsync("#api-key", "Tab");
        await page.WaitForSelectorAsync("#connection.online", new PageWaitForSelectorOptions { Timeout = 15_000 });

        var target = folder.Sub("download");
        await page.SetInputFilesAsync("#add-file", torrentFile);
        await page.FillAsync("#add-savepath", target);
        await page.FillAsync("#add-peers", $"127.0.0.1:{seeder.Port}");
        await page.ClickAsync("#add-button");

        try
        {
            await page.WaitForSelectorAsync("#torrents tbody tr [role=progressbar][aria-valuenow='100']", new PageWaitForSelectorOptions { Timeout = 120_000 });
        }
        catch (TimeoutException)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoRoot.Path, "artifacts", "test-results", "dashboard-failure.png"), FullPage = true });
            throw new TimeoutException($"The progress bar did not reach 100%. Row: {await page.InnerTextAsync("#torrents tbody")}. Host log tail: {host.Output[^Math.Min(host.Output.Length, 3000)..]}");
        }

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoRoot.Path, "artifacts", "test-results", "dashboard.png"), FullPage = true });
        Assert.Equal("payload", await page.InnerTextAsync("#torrents tbody tr td.name"));
        TorrentHost.AssertSameFiles(payload, Path.Combine(target, "payload"));

        await page.ClickAsync("#nav-plugins");
        await page.WaitForSelectorAsync("#plugins tbody tr[data-plugin='modulartorrent.bittorrent'] td.state-loaded");
    }

    [GeneratedRegex("created admin API key '[0-9a-f]+' \\(shown once, keep it\\): (mt_\\S+)")]
    private static partial Regex AdminKey();
}
