using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModularTorrent.Host.Tests.Support;
using ModularTorrent.Runtime.Plugins;

namespace ModularTorrent.Host.Tests.Plugins;

public sealed class EnableDisableTests
{
    [Fact]
    public async Task Disable_unloads_and_survives_a_restart_and_enable_loads_again()
    {
        using var folder = new TempFolder();
        var settings = new Dictionary<string, string?>
        {
            ["DataDirectory"] = folder.Sub("data"),
            ["PluginHost:PluginsDirectory"] = folder.Sub("plugins"),
        };
        Probe.Install(settings["PluginHost:PluginsDirectory"]!, "1");

        using (var first = new HostFactory(settings))
        using (var client = first.CreateClient())
        {
            var disabled = await (await client.PostAsync($"/api/v1/plugins/{Probe.Id}/disable", null)).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("disabled", disabled.GetProperty("state").GetString());
            Assert.Equal(0, Probe.Pick(first.Services.GetRequiredService<ExtensionRegistry>()));
            Assert.True(await first.Services.GetRequiredService<PluginManager>().WaitForUnloadVerificationAsync(Probe.Id).WaitAsync(TimeSpan.FromSeconds(30)));
        }

        using var second = new HostFactory(settings);
        using var again = second.CreateClient();
        var afterRestart = await HotSwapTests.GetPluginAsync(again, Probe.Id);
        Assert.Equal("disabled", afterRestart.GetProperty("state").GetString());

        var enabled = await (await again.PostAsync($"/api/v1/plugins/{Probe.Id}/enable", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("loaded", enabled.GetProperty("state").GetString());
        Assert.Equal(1, Probe.Pick(second.Services.GetRequiredService<ExtensionRegistry>()));
    }
}
