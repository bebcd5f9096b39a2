using System.Diagnostics;
using System.Text.Json;

namespace ModularTorrent.Cli.Tests.Remote;

/// <summary>The real <c>mt</c> executable against a host process, configured through <c>MT_HOST</c> and <c>MT_API_KEY</c>.</summary>
[Collection(RemoteHostsCollection.Name)]
public sealed class RemoteProcessTests(RemoteHosts hosts) : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static async Task<(int Code, string Out, string Error)> RunMtAsync(IDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mt.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task The_mt_process_adds_watches_and_lists_with_host_and_key_from_the_environment()
    {
        var payload = hosts.Seeder.Folder.Combine("proc-" + Guid.NewGuid().ToString("N")[..8] + ".bin");
        await File.WriteAllBytesAsync(payload, System.Security.Cryptography.RandomNumberGenerator.GetBytes(1_200_000));
        var (hash, metainfo) = await hosts.Seeder.CreateAsync(payload);
        var torrent = _folder.Combine("proc.torrent");
        await File.WriteAllBytesAsync(torrent, metainfo);
        var environment = new Dictionary<string, string> { ["MT_HOST"] = hosts.Leecher.Url, ["MT_API_KEY"] = hosts.Leecher.AdminKey };

        var add = await RunMtAsync(environment, "add", torrent, "--save-path", _folder.Combine("out"), "--peer", hosts.Seeder.Peer);
        Assert.True(add.Code == 0, add.Error);
        Assert.Equal(hash, add.Out.Trim());

        var watch = await RunMtAsync(environment, "watch", hash, "--max-time", "90");
        Assert.True(watch.Code == 0, watch.Out + watch.Error);
        Assert.Contains($"Completed: {Path.GetFileName(payload)} ({hash})", watch.Out, StringComparison.Ordinal);
        Assert.Equal(await File.ReadAllBytesAsync(payload), await File.ReadAllBytesAsync(_folder.Combine("out", Path.GetFileName(payload))));

        var list = await RunMtAsync(environment, "list", "--json", "--sort", "name");
        Assert.True(list.Code == 0, list.Error);
        using var json = JsonDocument.Parse(list.Out);
        var item = Assert.Single(json.RootElement.GetProperty("items").EnumerateArray(), t => t.GetProperty("infoHash").GetString() == hash);
        Assert.Equal("seeding", item.GetProperty("state").GetString());

        var remove = await RunMtAsync(environment, "remove", hash);
        Assert.True(remove.Code == 0, remove.Error);
    }

    [Fact]
    public async Task The_mt_process_prints_one_line_without_a_stack_trace_for_problems_and_an_unreachable_host()
    {
        var environment = new Dictionary<string, string> { ["MT_HOST"] = hosts.Leecher.Url, ["MT_API_KEY"] = "mt_not_a_key" };
        var unauthorized = await RunMtAsync(environment, "info", "0123456789abcdef0123456789abcdef01234567");
        Assert.Equal(1, unauthorized.Code);
        Assert.Equal("mt: Unauthorized: The API key is unknown or revoked. Give a valid API key with --key or MT_API_KEY.", unauthorized.Error.Trim());

        environment["MT_HOST"] = $"127.0.0.1:{FreePort.Next()}";
        var unreachable = await RunMtAsync(environment, "list");
        Assert.Equal(1, unreachable.Code);
        Assert.StartsWith($"mt: cannot reach the host at http://{environment["MT_HOST"]}: ", unreachable.Error.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", unreachable.Error, StringComparison.Ordinal);
    }
}
