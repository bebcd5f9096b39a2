using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ModularTorrent.Host.Tests.Support;

namespace ModularTorrent.Host.Tests.Api;

/// <summary>The built host as a real process on 127.0.0.1: health, plugin listing and a hot swap with the same process id.</summary>
public sealed class RealServerTests
{
    [Fact]
    public async Task The_real_server_answers_health_lists_plugins_and_hot_swaps_without_restarting()
    {
        using var folder = new TempFolder();
        var plugins = folder.Sub("plugins");
        Probe.Install(plugins, "1");
        await using var host = await HostProcess.StartAsync(folder.Sub("data"), plugins);
        using var http = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromSeconds(10) };

        var health = await http.GetFromJsonAsync<JsonElement>("/health");
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.Equal(host.ProcessId, health.GetProperty("processId").GetInt32());

        Probe.Install(plugins, "2");
        await Poll.UntilAsync(
            async () => (await http.GetFromJsonAsync<JsonElement>($"/api/v1/plugins/{Probe.Id}")).GetProperty("version").GetString() == "2.0.0",
            TimeSpan.FromSeconds(2),
            "the real host to report version 2");

        var after = await http.GetFromJsonAsync<JsonElement>("/health");
        Assert.Equal(host.ProcessId, after.GetProperty("processId").GetInt32());
        var openApi = await http.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
    }

    [Fact]
    public async Task A_bad_storage_provider_stops_the_host_with_one_clear_line()
    {
        using var folder = new TempFolder();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            HostProcess.StartAsync(folder.Sub("data"), folder.Sub("plugins"), new Dictionary<string, string> { ["Storage:Provider"] = "oracle" }));

        Assert.Contains("ModularTorrent cannot start:", error.Message, StringComparison.Ordinal);
        Assert.Contains("oracle", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.Message, StringComparison.Ordinal);
    }
}
