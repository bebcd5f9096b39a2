using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModularTorrent.Host.Tests.Support;
using ModularTorrent.Runtime.Plugins;

namespace ModularTorrent.Host.Tests.Plugins;

public sealed class HotSwapTests
{
    [Fact]
    public async Task Replacing_files_on_disk_swaps_to_version_2_within_2_seconds_and_collects_version_1()
    {
        using var factory = new HostFactory();
        Probe.Install(factory.PluginsDirectory, "1");
        using var client = factory.CreateClient();
        var registry = factory.Services.GetRequiredService<ExtensionRegistry>();
        var plugins = factory.Services.GetRequiredService<PluginManager>();

        var before = await GetPluginAsync(client, Probe.Id);
        Assert.Equal("loaded", before.GetProperty("state").GetString());
        Assert.Equal("1.0.0", before.GetProperty("version").GetString());
        Assert.Equal(1, Probe.Pick(registry));

        Probe.Install(factory.PluginsDirectory, "2");
        var swapTime = await Poll.UntilAsync(() => Probe.Pick(registry) == 2, TimeSpan.FromSeconds(2), "version 2 of the probe");

        var after = await GetPluginAsync(client, Probe.Id);
        Assert.Equal("2.0.0", after.GetProperty("version").GetString());
        Assert.Equal(2, after.GetProperty("generation").GetInt32());
        Assert.True(await plugins.WaitForUnloadVerificationAsync(Probe.Id).WaitAsync(TimeSpan.FromSeconds(30)), "version 1's load context was not collected");
        Assert.Equal(0, (await GetPluginAsync(client, Probe.Id)).GetProperty("leakedContexts").GetInt32());
        Assert.True(swapTime < TimeSpan.FromSeconds(2), $"swap took {swapTime}");
    }

    [Fact]
    public async Task Reload_through_the_api_loads_a_fresh_context_and_other_plugins_are_untouched()
    {
        using var factory = new HostFactory();
        Probe.Install(factory.PluginsDirectory, "1");
        TempFolder.CopyDirectory(Path.Combine(RepoRoot.Path, "artifacts", "plugins", "ModularTorrent.Payments.Free"), Path.Combine(factory.PluginsDirectory, "free"));
        using var client = factory.CreateClient();

        var freeBefore = await GetPluginAsync(client, "modulartorrent.payments.free");
        var response = await client.PostAsync($"/api/v1/plugins/{Probe.Id}/reload", null);
        response.EnsureSuccessStatusCode();
        var reloaded = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(2, reloaded.GetProperty("generation").GetInt32());
        var freeAfter = await GetPluginAsync(client, "modulartorrent.payments.free");
        Assert.Equal(freeBefore.GetProperty("generation").GetInt32(), freeAfter.GetProperty("generation").GetInt32());
        Assert.Equal(freeBefore.GetProperty("loadedAt").GetString(), freeAfter.GetProperty("loadedAt").GetString());
        var plugins = factory.Services.GetRequiredService<PluginManager>();
        Assert.True(await plugins.WaitForUnloadVerificationAsync(Probe.Id).WaitAsync(TimeSpan.FromSeconds(30)));
    }

    internal static async Task<JsonElement> GetPluginAsync(HttpClient client, string id)
    {
        var response = await client.GetAsync($"/api/v1/plugins/{id}");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
