using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModularTorrent.Host.Tests.Support;
using ModularTorrent.Host.Tests.Torrents;
using ModularTorrent.Runtime.Plugins;
using ModularTorrent.Sdk.Incentives;

namespace ModularTorrent.Host.Tests.Rules;

/// <summary>The incentive rules through the real host: defaults installed, versions, dry runs, rollback, and plugins' access.</summary>
public sealed class RulesApiTests
{
    [Fact]
    public async Task Defaults_are_installed_and_reproduce_the_reference_numbers_for_plugins()
    {
        using var factory = new HostFactory();
        using var client = factory.CreateClient();

        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/rules");
        var names = list.EnumerateArray().Select(r => r.GetProperty("name").GetString()).ToList();
        Assert.Contains("blockPrice", names);
        Assert.Contains("proofReward", names);
        Assert.Contains("bulkReward", names);
        Assert.Contains("stake", names);

        var rules = factory.Services.GetRequiredService<ExtensionRegistry>().GetAll<IIncentiveRules>().Single();
        Assert.Equal(17, (await rules.EvaluateAsync("blockPrice", new Dictionary<string, object?> { ["blocks"] = 1L })).GetSatoshis());
        Assert.Equal(160, (await rules.EvaluateAsync("proofReward", new Dictionary<string, object?> { ["proofs"] = 1L, ["latencyMs"] = 120L, ["seeders"] = 2L })).GetSatoshis());
        Assert.Equal(100, (await rules.EvaluateAsync("proofReward", new Dictionary<string, object?> { ["proofs"] = 1L, ["latencyMs"] = 900L, ["seeders"] = 5L })).GetSatoshis());
        Assert.Equal(100_000, (await rules.EvaluateAsync("stake", new Dictionary<string, object?>())).GetSatoshis());
    }

    [Fact]
    public async Task A_new_version_is_dry_run_activated_rolled_back_and_hostile_scripts_are_stopped_while_the_host_serves()
    {
        using var factory = new HostFactory();
        using var client = factory.CreateClient();

        var put = await client.PutAsJsonAsync("/api/v1/rules/blockPrice", new { source = "function rule(f) { console.log('v2'); return 20 * (f.blocks || 1); }", sampleFacts = new { blocks = 2 } });
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        var version = (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32();

        var dry = await (await client.PostAsJsonAsync("/api/v1/rules/blockPrice/dry-run", new { source = "function rule(f) { console.log('hi'); return 5; }", facts = new { blocks = 1 } })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(dry.GetProperty("succeeded").GetBoolean());
        Assert.Equal(5, dry.GetProperty("value").GetDouble());
        Assert.Contains("hi", dry.GetProperty("console").EnumerateArray().Select(c => c.GetString()));

        Assert.True((await client.PostAsync($"/api/v1/rules/blockPrice/activate/{version}", null)).IsSuccessStatusCode);
        var rules = factory.Services.GetRequiredService<ExtensionRegistry>().GetAll<IIncentiveRules>().Single();
        Assert.Equal(40, (await rules.EvaluateAsync("blockPrice", new Dictionary<string, object?> { ["blocks"] = 2L })).GetSatoshis());

        var details = await client.GetFromJsonAsync<JsonElement>("/api/v1/rules/blockPrice");
        Assert.True(details.GetRawText().Contains("activat", StringComparison.OrdinalIgnoreCase), "activations are recorded");

        var broken = await client.PutAsJsonAsync("/api/v1/rules/blockPrice", new { source = "function rule(f) { return ; " });
        await TorrentApiTests.AssertValidationAsync(broken, "source");

        // A hostile script in a dry run is stopped within a second while other requests are served.
        var watch = Stopwatch.StartNew();
        var hostile = client.PostAsJsonAsync("/api/v1/rules/blockPrice/dry-run", new { source = "function rule(f) { while (true) {} }", facts = new { } });
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        var stopped = await (await hostile).Content.ReadAsStringAsync();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"the loop ran for {watch.Elapsed}");
        Assert.Contains("\"succeeded\":false", stopped, StringComparison.Ordinal);
    }
}
