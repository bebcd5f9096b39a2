using ModularTorrent.Scripting.Rules;
using ModularTorrent.Scripting.Sandbox;
using ModularTorrent.Sdk.Events;

namespace ModularTorrent.Scripting.Tests.Rules;

/// <summary>The rules service on a real database, the same on every provider.</summary>
public abstract class RulesServiceContract(ITestDatabases databases) : StorageTestBase(databases)
{
    private readonly RecordingEventSink events = new();

    private async Task<RulesService> CreateAsync(bool installDefaults = true)
    {
        var db = await OpenAsync(Options, new RulesMigrations());
        var service = new RulesService(db, await SharedSandbox.GetAsync(), events);
        if (installDefaults)
        {
            await service.InstallDefaultsAsync();
        }

        return service;
    }

    private static Dictionary<string, object?> Facts(params (string Name, object? Value)[] facts) => facts.ToDictionary(f => f.Name, f => f.Value);

    [Fact]
    public async Task Defaults_are_installed_once_and_reproduce_the_reference_numbers()
    {
        using var service = await CreateAsync();
        await service.InstallDefaultsAsync(); // a second start changes nothing

        var list = await service.ListAsync();
        Assert.Equal(["blockPrice", "bulkReward", "proofReward", "stake"], list.Select(r => r.Name));
        Assert.All(list, r => Assert.Equal((int?)1, r.ActiveVersion));

        Assert.Equal(17, (await service.EvaluateAsync("blockPrice", Facts(("blocks", 1)))).GetSatoshis());
        Assert.Equal(17 * 64, (await service.EvaluateAsync("blockPrice", Facts(("blocks", 64)))).GetSatoshis());
        Assert.Equal(100, (await service.EvaluateAsync("proofReward", Facts(("latencyMs", 900), ("seeders", 5)))).GetSatoshis());
        Assert.Equal(110, (await service.EvaluateAsync("proofReward", Facts(("latencyMs", 499), ("seeders", 3)))).GetSatoshis());
        Assert.Equal(150, (await service.EvaluateAsync("proofReward", Facts(("latencyMs", 500), ("seeders", 2)))).GetSatoshis());
        Assert.Equal(3 * 160, (await service.EvaluateAsync("proofReward", Facts(("latencyMs", 10L), ("seeders", 0), ("proofs", 3)))).GetSatoshis());
        Assert.Equal(100, (await service.EvaluateAsync("bulkReward", Facts(("bytes", 1_000_000L)))).GetSatoshis());
        Assert.Equal(250, (await service.EvaluateAsync("bulkReward", Facts(("bytes", 2_500_000L)))).GetSatoshis());
        Assert.Equal(100_000, (await service.EvaluateAsync("stake", Facts())).GetSatoshis());

        var result = await service.EvaluateAsync("stake", Facts());
        Assert.Equal("stake", result.Rule);
        Assert.Equal(1, result.Version);
    }

    [Fact]
    public async Task New_versions_are_validated_activated_and_rolled_back_with_a_record()
    {
        using var service = await CreateAsync();
        var v2 = await service.PutAsync("proofReward", "function rule(f) { return { satoshis: 200, why: 'promo' }; }", """{"seeders":1}""", "alice");
        Assert.Equal(2, v2);
        Assert.Equal(160, (await service.EvaluateAsync("proofReward", Facts(("latencyMs", 1), ("seeders", 1)))).GetSatoshis()); // not active yet

        await service.ActivateAsync("proofReward", 2, "alice");
        var promo = await service.EvaluateAsync("proofReward", Facts());
        Assert.Equal(200, promo.GetSatoshis());
        Assert.Equal("promo", promo.Value.Members!["why"].Text);
        Assert.Equal(2, promo.Version);

        await service.ActivateAsync("proofReward", 1, "bob");
        Assert.Equal(100, (await service.EvaluateAsync("proofReward", Facts(("latencyMs", 900), ("seeders", 9)))).GetSatoshis());

        var details = (await service.GetAsync("proofReward"))!;
        Assert.Equal(1, details.ActiveVersion);
        Assert.True(details.HasBuiltInDefault);
        Assert.Equal([1, 2], details.Versions.Select(v => v.Version));
        Assert.Equal("alice", details.Versions[1].CreatedBy);
        Assert.Equal("""{"seeders":1}""", details.Versions[1].SampleFacts);
        Assert.Equal([(int?)1, 2, 1], details.Activations.Select(a => a.Version));
        Assert.Equal(["system", "alice", "bob"], details.Activations.Select(a => a.Actor));

        await Assert.ThrowsAsync<KeyNotFoundException>(() => service.ActivateAsync("proofReward", 9, "bob"));
    }

    [Theory]
    [InlineData("good", "function rule(f) { return 1 +; }", null, "source", "Syntax error")]
    [InlineData("good", "function other(f) { return 1; }", null, "source", "function rule(facts)")]
    [InlineData("good", "function rule(f) { return f.a.b.c; }", """{"a":1}""", "source", "dry run")]
    [InlineData("good", "function rule(f) { while (true) {} }", null, "source", "dry run")]
    [InlineData("good", "function rule(f) { return 1; }", """{"a":{"b":1}}""", "sampleFacts", "Fact 'a'")]
    [InlineData("good", "function rule(f) { return 1; }", "[1]", "sampleFacts", "JSON object")]
    [InlineData("1bad", "function rule(f) { return 1; }", null, "name", "rule name")]
    [InlineData("good", "function rule(f) { return 1; }", "long", "sampleFacts", "limit is 16384")]
    public async Task Invalid_versions_are_refused_naming_the_problem(string name, string source, string? sample, string field, string expected)
    {
        if (sample == "long")
        {
            sample = "{\"a\":\"" + new string('x', 20_000) + "\"}";
        }

        using var service = await CreateAsync(installDefaults: false);
        var error = await Assert.ThrowsAsync<RuleValidationException>(() => service.PutAsync(name, source, sample, "alice"));
        Assert.Equal(field, error.Field);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Empty(await service.ListAsync());
    }

    [Fact]
    public async Task Dry_run_reports_result_duration_statements_and_console()
    {
        using var service = await CreateAsync();
        var run = await service.DryRunAsync("proofReward", "function rule(f) { console.log('seeders:', f.seeders); return f.seeders < 3 ? 150 : 100; }", """{"seeders":2}""");
        Assert.True(run.Succeeded, run.Error);
        Assert.Equal(150, run.Value.Number);
        Assert.True(run.Duration > TimeSpan.Zero);
        Assert.InRange(run.Statements, 2, 6);
        Assert.Equal(["seeders: 2"], run.Console);

        var active = await service.DryRunAsync("proofReward", null, """{"latencyMs":1,"seeders":1}""");
        Assert.Equal(160, active.Value.Number);
        Assert.Single((await service.GetAsync("proofReward"))!.Versions); // nothing stored
    }

    [Fact]
    public async Task A_version_that_keeps_failing_is_disabled_and_the_previous_good_one_takes_over()
    {
        using var service = await CreateAsync();
        await service.PutAsync("proofReward", "function rule(f) { if (f.boom) { throw new Error('boom'); } return 999; }", null, "alice");
        await service.ActivateAsync("proofReward", 2, "alice");
        Assert.Equal(999, (await service.EvaluateAsync("proofReward", Facts())).GetSatoshis());

        for (var i = 0; i < RulesService.FailuresBeforeDisable; i++)
        {
            var failed = await service.EvaluateAsync("proofReward", Facts(("boom", true)));
            Assert.False(failed.Succeeded);
            Assert.Contains("boom", failed.Error, StringComparison.Ordinal);
            Assert.Equal(2, failed.Version);
        }

        var disabled = Assert.IsType<RuleDisabled>(Assert.Single(events.Events));
        Assert.Equal(("proofReward", 2, (int?)1), (disabled.Rule, disabled.Version, disabled.FallbackVersion));
        Assert.Contains("boom", disabled.Reason, StringComparison.Ordinal);

        var after = await service.EvaluateAsync("proofReward", Facts(("boom", true), ("latencyMs", 900), ("seeders", 9)));
        Assert.Equal(1, after.Version);
        Assert.Equal(100, after.GetSatoshis());

        var details = (await service.GetAsync("proofReward"))!;
        Assert.Equal(1, details.ActiveVersion);
        Assert.NotNull(details.Versions[1].DisabledAt);
        Assert.Equal("auto-disable", details.Activations[^1].Actor);

        // An operator can still re-activate it (re-enabling it) on purpose.
        await service.ActivateAsync("proofReward", 2, "alice");
        Assert.Null((await service.GetAsync("proofReward"))!.Versions[1].DisabledAt);
    }

    [Fact]
    public async Task When_no_good_version_is_left_the_built_in_default_runs_or_the_rule_stops()
    {
        using var service = await CreateAsync();
        await service.DeleteAsync("stake");
        Assert.Equal(1, await service.PutAsync("stake", "function rule(f) { if (f.n > 1) { while (true) {} } return 5; }", null, "alice"));
        await service.ActivateAsync("stake", 1, "alice");
        Assert.Equal(5, (await service.EvaluateAsync("stake", Facts())).GetSatoshis());

        for (var i = 0; i < RulesService.FailuresBeforeDisable; i++)
        {
            var failed = await service.EvaluateAsync("stake", Facts(("n", 2)));
            Assert.False(failed.Succeeded);
        }

        var disabled = Assert.IsType<RuleDisabled>(Assert.Single(events.Events));
        Assert.Equal(("stake", 1, (int?)null), (disabled.Rule, disabled.Version, disabled.FallbackVersion));
        var fallback = await service.EvaluateAsync("stake", Facts(("n", 2)));
        Assert.Equal(0, fallback.Version);
        Assert.Equal(100_000, fallback.GetSatoshis());

        // A rule without a shipped default has nothing to fall back on: it stops, and says so.
        await service.PutAsync("custom", "function rule(f) { if (f.n > 1) { throw new Error('bad'); } return 1; }", null, "alice");
        await service.ActivateAsync("custom", 1, "alice");
        for (var i = 0; i < RulesService.FailuresBeforeDisable; i++)
        {
            await service.EvaluateAsync("custom", Facts(("n", 2)));
        }

        var error = await Assert.ThrowsAsync<KeyNotFoundException>(() => service.EvaluateAsync("custom", Facts()));
        Assert.Contains("no built-in default", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hosts_sharing_a_database_pick_up_each_others_activations()
    {
        using var first = await CreateAsync();
        var clock = new ManualTimeProvider();
        using var second = new RulesService(await OpenAsync(Options, new RulesMigrations()), await SharedSandbox.GetAsync(), events, clock);
        Assert.Equal(100_000, (await second.EvaluateAsync("stake", Facts())).GetSatoshis());

        await first.ActivateAsync("stake", await first.PutAsync("stake", "function rule(f) { return 7; }", null, "alice"), "alice");
        Assert.Equal(100_000, (await second.EvaluateAsync("stake", Facts())).GetSatoshis()); // cached, within the recheck period
        clock.Advance(RulesService.ActiveVersionRecheck);
        var after = await second.EvaluateAsync("stake", Facts());
        Assert.Equal((7L, 2), (after.GetSatoshis(), after.Version));
    }

    [Fact]
    public async Task Concurrent_new_versions_get_distinct_numbers()
    {
        using var first = await CreateAsync();
        using var second = new RulesService(await OpenAsync(Options, new RulesMigrations()), await SharedSandbox.GetAsync(), events);
        var puts = Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? first : second).PutAsync("blockPrice", $"function rule(f) {{ return {i}; }}", null, "p" + i)).ToArray();
        var versions = await Task.WhenAll(puts);
        Assert.Equal(Enumerable.Range(2, 8), versions.Order());
    }

    [Fact]
    public async Task Deleted_and_unknown_rules_are_not_found()
    {
        using var service = await CreateAsync();
        Assert.True(await service.DeleteAsync("bulkReward"));
        Assert.False(await service.DeleteAsync("bulkReward"));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => service.EvaluateAsync("bulkReward", Facts()));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => service.EvaluateAsync("nope", Facts()));
        Assert.Null(await service.GetAsync("bulkReward"));
        await Assert.ThrowsAsync<ArgumentException>(() => service.EvaluateAsync("stake", Facts(("when", DateTime.UtcNow))));
    }
}
