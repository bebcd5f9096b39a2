using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

namespace ModularTorrent.Host.Tests.Support;

/// <summary>An in-process host with the real BitTorrent and selection plugins, its engine listening on a loopback port.</summary>
internal sealed class TorrentHost : IDisposable
{
    public const string BitTorrentId = "modulartorrent.bittorrent";

    private TorrentHost(HostFactory factory, int port)
    {
        Factory = factory;
        PeerPort = port;
        Client = factory.CreateClient();
        Client.Timeout = TimeSpan.FromSeconds(60);
    }

    public HostFactory Factory { get; }

    public HttpClient Client { get; }

    public int PeerPort { get; }

    public string Peer => $"127.0.0.1:{PeerPort}";

    public static TorrentHost Start(IDictionary<string, string?>? extra = null)
    {
        var port = FreePort.Next();
        var settings = new Dictionary<string, string?>
        {
            [$"Plugins:{BitTorrentId}:ListenAddress"] = "127.0.0.1",
            [$"Plugins:{BitTorrentId}:ListenPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var factory = new HostFactory(settings);
        foreach (var plugin in new[] { "ModularTorrent.BitTorrent", "ModularTorrent.Selection", "ModularTorrent.Payments.Free" })
        {
            TempFolder.CopyDirectory(Path.Combine(RepoRoot.Path, "artifacts", "plugins", plugin), Path.Combine(factory.PluginsDirectory, plugin));
        }

        return new TorrentHost(factory, port);
    }

    public async Task<JsonElement> GetTorrentAsync(string infoHash) =>
        await Client.GetFromJsonAsync<JsonElement>($"/api/v1/torrents/{infoHash}");

    /// <summary>
    /// Waits until the torrent has verified at least <paramref name="atLeast"/> of its data; for 1.0, until it seeds.
    /// While a torrent checks its files, <c>progress</c> is the check's, so a checking torrent never counts (a seeder
    /// at the end of its check reads 100 % with the state still <c>checking</c>).
    /// </summary>
    public async Task<JsonElement> WaitForProgressAsync(string infoHash, double atLeast, TimeSpan timeout)
    {
        JsonElement last = default;
        try
        {
            await Poll.UntilAsync(
                async () =>
                {
                    last = await GetTorrentAsync(infoHash);
                    var state = last.GetProperty("state").GetString();
                    return last.GetProperty("progress").GetDouble() >= atLeast && state != "checking" && (atLeast < 1.0 || state == "seeding");
                },
                timeout,
                $"torrent {infoHash} to reach {atLeast:P0}");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} Last state: {last}. Host log:{Environment.NewLine}{Factory.Logs.Dump()}", ex);
        }

        return last;
    }

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
    }

    /// <summary>Writes files of random bytes whose sizes make pieces cross file boundaries.</summary>
    public static string MakePayload(string folder, params int[] sizes)
    {
        var root = Directory.CreateDirectory(Path.Combine(folder, "payload")).FullName;
        for (var i = 0; i < sizes.Length; i++)
        {
            var path = Path.Combine(root, i == 0 ? "a.bin" : Path.Combine("sub", $"file{i}.bin"));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(sizes[i]));
        }

        return root;
    }

    public static void AssertSameFiles(string expectedRoot, string actualRoot)
    {
        foreach (var file in Directory.GetFiles(expectedRoot, "*", SearchOption.AllDirectories))
        {
            var other = Path.Combine(actualRoot, Path.GetRelativePath(expectedRoot, file));
            Assert.True(File.Exists(other), $"{other} missing");
            Assert.Equal(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file))), Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(other))));
        }
    }
}
