using ModularTorrent.Scripting.Rules;
using ModularTorrent.Sdk.Events;

namespace ModularTorrent.Scripting.Tests.Rules;

/// <summary>Rule files in a real folder, loaded at start and reloaded by a real FileSystemWatcher.</summary>
public sealed class RulesFolderWatcherTests() : StorageTestBase(new SqliteTestDatabases()), IDisposable
{
    private readonly TempFolder temp = new("mt-rules-folder");
    private readonly RecordingEventSink events = new();

    private string folder => temp.Path;

    public void Dispose() => temp.Dispose();

    private async Task<RulesService> ServiceAsync()
    {
        var service = new RulesService(await OpenAsync(Options, new RulesMigrations()), await SharedSandbox.GetAsync(), events);
        await service.InstallDefaultsAsync();
        return service;
    }

    private static Dictionary<string, object?> Facts(params (string Name, object? Value)[] facts) => facts.ToDictionary(f => f.Name, f => f.Value);

    private static async Task<RuleFileStatus> WaitForAsync(RulesFolderWatcher watcher, string file, Func<RuleFileStatus, bool> done)
    {
        RuleFileStatus? status = null;
        await Poll.UntilAsync(() => watcher.Status.TryGetValue(file, out status) && done(status), TimeSpan.FromSeconds(10), $"{file} to reach the expected state");
        return status!;
    }

    [Fact]
    public async Task Files_load_at_start_reload_on_change_and_a_broken_file_keeps_the_previous_version()
    {
        using var service = await ServiceAsync();
        await File.WriteAllTextAsync(Path.Combine(folder, "proofReward.js"), "function rule(f) { return 111; }");
        await File.WriteAllTextAsync(Path.Combine(folder, "seedBonus.js"), "function rule(f) { return f.seeders < 2 ? 40 : 0; }");
        await File.WriteAllTextAsync(Path.Combine(folder, "seedBonus.facts.json"), """{"seeders":1}""");

        await using var watcher = new RulesFolderWatcher(service, folder, events, debounce: TimeSpan.FromMilliseconds(100));
        await watcher.StartAsync();
        Assert.Equal(2, watcher.Status["proofReward.js"].Version);
        Assert.Equal(1, watcher.Status["seedBonus.js"].Version);
        Assert.Equal(111, (await service.EvaluateAsync("proofReward", Facts())).GetSatoshis());
        Assert.Equal(40, (await service.EvaluateAsync("seedBonus", Facts(("seeders", 1)))).GetSatoshis());
        Assert.Equal("file:proofReward.js", (await service.GetAsync("proofReward"))!.Activations[^1].Actor);

        // An edit reloads it.
        await File.WriteAllTextAsync(Path.Combine(folder, "proofReward.js"), "function rule(f) { return 222; }");
        await WaitForAsync(watcher, "proofReward.js", s => s.Version == 3);
        Assert.Equal(222, (await service.EvaluateAsync("proofReward", Facts())).GetSatoshis());

        // A broken edit is reported; version 3 keeps running.
        await File.WriteAllTextAsync(Path.Combine(folder, "proofReward.js"), "function rule(f) { return 333 +; }");
        var broken = await WaitForAsync(watcher, "proofReward.js", s => s.Error is not null);
        Assert.Contains("Syntax error", broken.Error, StringComparison.Ordinal);
        Assert.Equal(3, broken.Version);
        Assert.Equal(222, (await service.EvaluateAsync("proofReward", Facts())).GetSatoshis());
        var reported = Assert.Single(events.Events.OfType<PluginEvent>());
        Assert.Equal(("host.rules", "rule.file.rejected", "proofReward.js"), (reported.PluginId, reported.Name, reported.Data["file"]));

        // Fixing it loads it; an unchanged file at the next start adds no version.
        await File.WriteAllTextAsync(Path.Combine(folder, "proofReward.js"), "function rule(f) { return 444; }");
        await WaitForAsync(watcher, "proofReward.js", s => s.Version == 4 && s.Error is null);
        Assert.Equal(444, (await service.EvaluateAsync("proofReward", Facts())).GetSatoshis());
        await using var restarted = new RulesFolderWatcher(service, folder, events);
        await restarted.StartAsync();
        Assert.Equal(4, restarted.Status["proofReward.js"].Version);
        Assert.Equal(4, (await service.GetAsync("proofReward"))!.Versions.Count);
    }

    [Fact]
    public async Task A_file_whose_name_is_not_a_rule_name_is_refused()
    {
        using var service = await ServiceAsync();
        await File.WriteAllTextAsync(Path.Combine(folder, "9lives.js"), "function rule(f) { return 9; }");
        await using var watcher = new RulesFolderWatcher(service, folder, events);
        await watcher.StartAsync();
        Assert.StartsWith("name:", watcher.Status["9lives.js"].Error, StringComparison.Ordinal);
        Assert.Null(await service.GetAsync("9lives"));
    }
}
