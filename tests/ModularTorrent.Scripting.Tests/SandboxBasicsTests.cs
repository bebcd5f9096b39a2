using ModularTorrent.Scripting.Sandbox;
using ModularTorrent.Sdk.Incentives;

namespace ModularTorrent.Scripting.Tests;

public sealed class SandboxBasicsTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task Rule_reads_facts_and_returns_a_number()
    {
        var result = await fixture.RunAsync("function rule(f) { var r = 100; if (f.ms < 500) r += 10; if (f.seeders < 3) r += 50; return r; }", """{"ms":120,"seeders":2}""");
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(160, result.Value.AsSatoshis());
        Assert.InRange(result.Statements, 4, 10);
    }

    [Fact]
    public async Task Flat_object_results_come_back_typed()
    {
        var result = await fixture.RunAsync("function rule(f) { return { satoshis: 42, reason: 'ok', fast: true, none: null }; }");
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(RuleValueKind.Object, result.Value.Kind);
        Assert.Equal(42, result.Value.AsSatoshis());
        Assert.Equal("ok", result.Value.Members!["reason"].Text);
        Assert.True(result.Value.Members["fast"].Boolean);
        Assert.Equal(RuleValueKind.Null, result.Value.Members["none"].Kind);
    }

    [Theory]
    [InlineData("return [1, 2];", "Array")]
    [InlineData("return { a: { b: 1 } };", "object; results are flat")]
    [InlineData("return function () {};", "Function")]
    [InlineData("return 1 / 0;", "finite")]
    [InlineData("return { get x() { return 1; } };", "getter")]
    public async Task Results_other_than_flat_primitives_are_refused(string body, string expected)
    {
        var result = await fixture.RunAsync("function rule(f) { " + body + " }");
        Assert.Equal(SandboxErrorKind.InvalidResult, result.ErrorKind);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Console_log_is_captured_and_bounded()
    {
        var result = await fixture.RunAsync("function rule(f) { console.log('seeders', f.seeders, { a: [1, 'x'] }); for (var i = 0; i < 500; i++) console.log('line ' + i); return 1; }", """{"seeders":2}""");
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("seeders 2 {a: [1, \"x\"]}", result.Console[0]);
        Assert.Equal(SandboxOptions.Default.MaxConsoleLines + 1, result.Console.Count);
        Assert.Contains("truncated", result.Console[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_round_trips_inside_the_engine()
    {
        var result = await fixture.RunAsync("function rule(f) { var o = JSON.parse('{\"a\":[1,2,{\"b\":true}]}'); return JSON.stringify(o) + '|' + JSON.stringify(f); }", """{"x":1.5,"y":"z"}""");
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("""{"a":[1,2,{"b":true}]}|{"x":1.5,"y":"z"}""", result.Value.Text);
    }

    [Fact]
    public async Task Ordinary_string_and_array_work_is_untouched_by_the_limits()
    {
        var result = await fixture.RunAsync("""
            function rule(f) {
              var parts = 'a-b-c'.split('-');
              var joined = parts.join('+') + '|' + [1, [2, 3]] + '|' + parts.concat(['d'], 'e').length;
              var replaced = 'aXbX'.replace(/X/g, '$&$&') + 'q'.replace('q', 'r') + 'abc'.split('', 2).join();
              var found = 'peer-17'.match(/\d+/)[0] + 'x1y2'.match(/\d/g).join('') + 'hello'.search('l');
              return [joined, replaced, found, Math.max.apply(null, [3, 9, 4])].join(' ');
            }
            """);
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("a+b+c|1,2,3|5 aXXbXXra,b 17122 9", result.Value.Text);
    }

    [Fact]
    public async Task Script_errors_are_reported_with_the_message()
    {
        var result = await fixture.RunAsync("function rule(f) { throw new Error('no seeders'); }");
        Assert.Equal(SandboxErrorKind.ScriptError, result.ErrorKind);
        Assert.Contains("no seeders", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Regex_literals_work_and_do_not_share_state_between_evaluations()
    {
        var script = await fixture.Sandbox.CompileAsync("t", "function rule(f) { var r = /^pe+r$/i; r.count = (r.count || 0) + 1; return r.test(f.s) ? r.count : -1; }");
        for (var i = 0; i < 3; i++)
        {
            var result = await fixture.Sandbox.EvaluateAsync(script, """{"s":"PEEER"}""");
            Assert.True(result.Succeeded, result.Error);
            Assert.Equal(1, result.Value.Number);
        }
    }

    [Fact]
    public async Task One_compiled_script_serves_many_concurrent_evaluations()
    {
        var script = await fixture.Sandbox.CompileAsync("t", "function rule(f) { var s = 0; for (var i = 0; i < f.n; i++) { s += i; } return s; }");
        var runs = Enumerable.Range(0, 64).Select(n => fixture.Sandbox.EvaluateAsync(script, new Dictionary<string, object?> { ["n"] = n })).ToArray();
        var results = await Task.WhenAll(runs);
        for (var n = 0; n < results.Length; n++)
        {
            Assert.True(results[n].Succeeded, results[n].Error);
            Assert.Equal(n * (n - 1) / 2, results[n].Value.Number);
        }
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("function rule(f) { return 1 +; }", "Syntax error at line 1")]
    [InlineData("function notRule(f) { return 1; }", "function rule(facts)")]
    public async Task Invalid_scripts_are_refused_with_the_reason(string source, string expected)
    {
        var e = await Assert.ThrowsAsync<ScriptValidationException>(() => fixture.Sandbox.CompileAsync("t", source));
        Assert.Equal("source", e.Field);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deep_nesting_and_long_sources_are_refused()
    {
        var deep = "function rule(f) { return " + new string('[', 5000) + "1" + new string(']', 5000) + "; }";
        var e = await Assert.ThrowsAsync<ScriptValidationException>(() => fixture.Sandbox.CompileAsync("t", deep));
        Assert.Contains("nests deeper than 64", e.Message, StringComparison.Ordinal);

        // Grouping parentheses leave no node behind, but the parser recurses on them: the worker's stack absorbs it.
        var parens = "function rule(f) { return " + new string('(', 20000) + "1" + new string(')', 20000) + "; }";
        var script = await fixture.Sandbox.CompileAsync("t", parens);
        Assert.Equal(1, (await fixture.Sandbox.EvaluateAsync(script, "{}")).Value.Number);

        using var small = new ScriptSandbox(SandboxOptions.Default with { MaxSourceLength = 100, Workers = 1 });
        e = await Assert.ThrowsAsync<ScriptValidationException>(() => small.CompileAsync("t", "function rule(f) { return 1; }" + new string(' ', 100)));
        Assert.Contains("limit is 100", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Facts_of_unsupported_types_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => FactsJson.Serialize(new Dictionary<string, object?> { ["peer"] = new object() }));
        Assert.Contains("peer", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => FactsJson.Serialize(new Dictionary<string, object?> { ["x"] = double.NaN }));
    }
}
