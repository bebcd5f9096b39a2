using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ModularTorrent.Cli.Tests.Remote;

/// <summary>
/// The built ModularTorrent host as its own process on 127.0.0.1 (HTTP and BitTorrent engine),
/// with the real plugins, a throw-away SQLite data folder and the admin key it prints on first start.
/// </summary>
public sealed partial class RemoteHost : IAsyncDisposable
{
    public const string BitTorrentId = "modulartorrent.bittorrent";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TempFolder _folder;

    private RemoteHost(Process process, TempFolder folder, Uri address, int peerPort)
    {
        _process = process;
        _folder = folder;
        Address = address;
        PeerPort = peerPort;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri Address { get; }

    public string Url => Address.GetLeftPart(UriPartial.Authority);

    public int PeerPort { get; }

    public string Peer => $"127.0.0.1:{PeerPort}";

    public string AdminKey { get; private set; } = string.Empty;

    /// <summary>A client that sends the admin key.</summary>
    public HttpClient Http { get; }

    public TempFolder Folder => _folder;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    [GeneratedRegex(@"created admin API key '[^']+' \(shown once, keep it\): (\S+)")]
    private static partial Regex AdminKeyLine();

    public static async Task<RemoteHost> StartAsync()
    {
        var folder = new TempFolder();
        var plugins = folder.Combine("plugins");
        foreach (var plugin in new[] { "ModularTorrent.BitTorrent", "ModularTorrent.Selection", "ModularTorrent.Payments.Free" })
        {
            var built = RepoRoot.Combine("artifacts", "plugins", plugin);
            if (!Directory.Exists(built))
            {
                throw new InvalidOperationException($"{built} is missing: build host/ModularTorrent.Host first (it builds the plugins).");
            }

            TempFolder.CopyDirectory(built, Path.Combine(plugins, plugin));
        }

        var port = FreePort.Next();
        var peerPort = FreePort.Next();
        var hostDll = RepoRoot.Combine("host", "ModularTorrent.Host", "bin", RepoRoot.Configuration, "net10.0", "ModularTorrent.Host.dll");
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(hostDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            hostDll,
            $"--urls=http://127.0.0.1:{port}",
            $"--DataDirectory={folder.Combine("data")}",
            $"--PluginHost:PluginsDirectory={plugins}",
            "--PluginHost:WatchForChanges=false",
            "--Storage:Provider=sqlite",
            "--Security:CreateInitialAdminKey=true",
            "--Security:AllowAnonymousLoopbackReads=false",
            $"--Plugins:{BitTorrentId}:ListenAddress=127.0.0.1",
            $"--Plugins:{BitTorrentId}:ListenPort={peerPort.ToString(CultureInfo.InvariantCulture)}",
        })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var host = new RemoteHost(process, folder, new Uri($"http://127.0.0.1:{port}/"), peerPort);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var ready = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Host exited with {process.ExitCode}: {host.Output}");
            }

            try
            {
                var match = AdminKeyLine().Match(host.Output);
                if (match.Success && (await probe.GetAsync(new Uri(host.Address, "health"))).StatusCode == HttpStatusCode.OK)
                {
                    host.AdminKey = match.Groups[1].Value;
                    host.Http.DefaultRequestHeaders.Add("X-Api-Key", host.AdminKey);
                    return host;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (ready.Elapsed > TimeSpan.FromSeconds(90))
            {
                await host.DisposeAsync();
                throw new TimeoutException("Host did not start within 90 s: " + host.Output);
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Makes a .torrent of <paramref name="path"/> on this host and starts seeding it (<c>POST /api/v1/torrents/create</c>).</summary>
    /// <returns>The info-hash and the .torrent bytes.</returns>
    public async Task<(string InfoHash, byte[] Metainfo)> CreateAsync(string path)
    {
        using var response = await Http.PostAsJsonAsync("api/v1/torrents/create", new { path });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        using var json = JsonDocument.Parse(body);
        return (json.RootElement.GetProperty("torrent").GetProperty("infoHash").GetString()!, Convert.FromBase64String(json.RootElement.GetProperty("metainfo").GetString()!));
    }

    public async Task<JsonElement?> FindAsync(string infoHash)
    {
        using var response = await Http.GetAsync($"api/v1/torrents/{infoHash}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
        }

        _process.Dispose();
        _folder.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
