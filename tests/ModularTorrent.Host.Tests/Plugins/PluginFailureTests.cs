using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModularTorrent.Host.Tests.Support;
using ModularTorrent.Runtime.Plugins;
using ModularTorrent.Sdk.Plugins;

namespace ModularTorrent.Host.Tests.Plugins;

public sealed class PluginFailureTests
{
    [Fact]
    public async Task Broken_plugins_are_failed_with_a_reason_while_the_host_and_healthy_plugins_keep_running()
    {
        using var factory = new HostFactory();
        Probe.Install(factory.PluginsDirectory, "1");

        var broken = Directory.CreateDirectory(Path.Combine(factory.PluginsDirectory, "broken")).FullName;
        await File.WriteAllTextAsync(Path.Combine(broken, "plugin.json"), "{ \"id\": \"broken\", ");

        Probe.Install(factory.PluginsDirectory, "1", "future");
        RewriteManifest(Path.Combine(factory.PluginsDirectory, "future"), m => m with { Id = "test.future", Sdk = new SdkRange { Min = "2.0.0", MaxExclusive = "3.0.0" } });

        TempFolder.CopyDirectory(TestPlugins.Output("Thrower"), Path.Combine(factory.PluginsDirectory, "thrower"));

        Probe.Install(factory.PluginsDirectory, "1", "orphan");
        RewriteManifest(Path.Combine(factory.PluginsDirectory, "orphan"), m => m with { Id = "test.orphan", Dependencies = ["test.does-not-exist"] });

        Directory.CreateDirectory(Path.Combine(factory.PluginsDirectory, "empty"));

        using var client = factory.CreateClient();
        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/plugins");
        var byId = list.EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!);

        AssertFailed(byId["broken"], "Malformed manifest");
        AssertFailed(byId["test.future"], "Incompatible SDK");
        Assert.Contains("this host provides SDK 1.0.0", byId["test.future"].GetProperty("error").GetString(), StringComparison.Ordinal);
        AssertFailed(byId["test.thrower"], "Threw while starting: InvalidOperationException: boom at start");
        AssertFailed(byId["test.orphan"], "Missing dependency");
        AssertFailed(byId["empty"], "Missing manifest");
        Assert.Equal("loaded", byId[Probe.Id].GetProperty("state").GetString());

        // What the thrower registered before it threw was rolled back.
        var registry = factory.Services.GetRequiredService<ExtensionRegistry>();
        Assert.Empty(registry.GetAll<IPlugin>());
        Assert.Equal(1, Probe.Pick(registry));

        var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var report = await health.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("healthy", report.GetProperty("status").GetString());
        Assert.Equal(5, report.GetProperty("plugins").GetProperty("failed").GetInt32());
    }

    [Fact]
    public async Task A_missing_entry_assembly_is_reported()
    {
        using var factory = new HostFactory();
        Probe.Install(factory.PluginsDirectory, "1");
        File.Delete(Path.Combine(factory.PluginsDirectory, "probe", "ModularTorrent.TestPlugins.Probe.dll"));
        using var client = factory.CreateClient();

        var probe = await HotSwapTests.GetPluginAsync(client, Probe.Id);

        AssertFailed(probe, "Missing entry assembly");
    }

    [Fact]
    public async Task Unknown_plugin_gets_a_problem_document()
    {
        using var factory = new HostFactory();
        using var client = factory.CreateClient();

        var response = await client.PostAsync("/api/v1/plugins/nope/disable", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("https://modulartorrent.dev/problems/plugin-not-found", problem.GetProperty("type").GetString());
    }

    private static void AssertFailed(JsonElement plugin, string reason)
    {
        Assert.Equal("failed", plugin.GetProperty("state").GetString());
        Assert.Contains(reason, plugin.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    private static void RewriteManifest(string folder, Func<PluginManifest, PluginManifest> change)
    {
        var path = Path.Combine(folder, "plugin.json");
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var manifest = JsonSerializer.Deserialize<PluginManifest>(File.ReadAllText(path), options)!;
        File.WriteAllText(path, JsonSerializer.Serialize(change(manifest), options));
    }
}
