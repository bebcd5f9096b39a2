using System.Diagnostics;
using System.Text;
using ModularTorrent.Scripting.Sandbox;

namespace ModularTorrent.Scripting.Tests;

/// <summary>Each hostile script is stopped with a clear error within a second, and the sandbox keeps serving others.</summary>
public sealed class HostileScriptTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData("while (true) {}", "StatementLimit,Timeout")]
    [InlineData("for (;;) { try { while (true) {} } catch (e) {} }", "StatementLimit,Timeout")]
    [InlineData("var i = 0; while (true) i++;", "StatementLimit,Timeout")]
    [InlineData("function f() { return f(); } return f();", "StackLimit,Timeout")]
    [InlineData("function mk(n) { return function () { return mk(n + 1)(); }; } return mk(0)();", "StackLimit,Timeout")]
    [InlineData("var s = 'x'; while (true) { s = s + s; }", "MemoryLimit,Timeout")]
    [InlineData("var s = 'x'; s=s+s;s=s+s;s=s+s;s=s+s;s=s+s;s=s+s;s=s+s;s=s+s;s=s+s;s=s+s;s=s+s;s=s+s;s=s+s;s=s+s;s=s+s;s=s+s;s=s+s;s=s+s;s=s+s;s=s+s;s=s+s;s=s+s;s=s+s;s=s+s;s=s+s;s=s+s;s=s+s;s=s+s;s=s+s;s=s+s;s=s+s;s=s+s; return s.length;", "MemoryLimit,Timeout")]
    [InlineData("var a = []; while (true) { a.push(a.length); }", "StatementLimit,MemoryLimit,Timeout")]
    [InlineData("var a = []; while (true) { a = a.concat(a, [1]); }", "MemoryLimit,Timeout")]
    [InlineData("return new Array(4294967295).join('x').length;", "SizeLimit")]
    [InlineData("var a = []; a[4294967294] = 1; return a.indexOf(2);", "SizeLimit")]
    [InlineData("return Array.prototype.indexOf.call({ length: 4294967295 }, 1);", "SizeLimit")]
    [InlineData("var n = 0; var o = { get length() { return n++ ? 4294967295 : 1; } }; return Array.prototype.join.call(o);", "SizeLimit")]
    [InlineData("return Math.max.apply(null, { length: 4294967295 });", "SizeLimit")]
    [InlineData("var s = 'x'; for (var i = 0; i < 20; i++) s = s + s; return new Array(50).join(s).length;", "SizeLimit")]
    [InlineData("var s = 'x'; for (var i = 0; i < 20; i++) s = s + s; return [s, s, s, s, s, s, s, s, s, s].join('').length;", "SizeLimit")]
    [InlineData("var s = 'x'; for (var i = 0; i < 20; i++) s = s + s; var a = []; for (var j = 0; j < 10; j++) a.push(s); return String(a).length;", "SizeLimit")]
    [InlineData("var s = 'x'; for (var i = 0; i < 20; i++) s = s + s; return 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'.replace(/a/g, s).length;", "SizeLimit")]
    [InlineData("var s = 'x'; for (var i = 0; i < 18; i++) s = s + s; return s.replace(/x/g, '$&$&$&$&').length;", "SizeLimit")]
    [InlineData("var s = 'x'; for (var i = 0; i < 20; i++) s = s + s; return s.split('').length;", "SizeLimit")]
    [InlineData("var s = 'x'; for (var i = 0; i < 20; i++) s = s + s; return s.match(/x/g).length;", "SizeLimit")]
    [InlineData("var a = []; for (var i = 0; i < 1000; i++) a.push(i); var parts = []; for (var j = 0; j < 200; j++) parts.push(a); return [].concat.apply([], parts).length;", "SizeLimit")]
    [InlineData("var s = ' '; for (var i = 0; i < 17; i++) s = s + s; return JSON.parse(s + '1');", "SizeLimit")]
    [InlineData("var k = 'jo' + 'in'; return Array.prototype[k].call({ length: 4294967295 });", "SizeLimit")]
    [InlineData("return Object.getOwnPropertyDescriptor(Array.prototype, 'index' + 'Of').value.call({ length: 4294967295 }, 1);", "SizeLimit")]
    [InlineData("var a = []; a.length = 4294967295; return a + '';", "SizeLimit")]
    [InlineData("var a = []; a.length = 4294967295; return [a, a].sort().length;", "SizeLimit")]
    [InlineData("with (Array.prototype) { return indexOf.call({ length: 4294967295 }, 1); }", "SizeLimit")]
    [InlineData("var s = '['; for (var i = 0; i < 17; i++) s = s + s; return JSON.parse(s);", "SizeLimit")]
    [InlineData("var a = []; for (var i = 0; i < 100; i++) a = [a]; return JSON.stringify(a);", "SizeLimit")]
    [InlineData("var a = []; for (var i = 0; i < 5000; i++) a = [a]; return String(a);", "StackLimit,Timeout")]
    [InlineData("return JSON.stringify({ a: new Array(4294967295) });", "SizeLimit")]
    [InlineData("return new RegExp('^(a+)+$').test('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!');", "Timeout")]
    [InlineData("return /^(a|aa)+$/.test('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!');", "Timeout")]
    [InlineData("return 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'.match('^(a+)+$');", "Timeout")]
    [InlineData("try { return 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'.search(/^(\\w+\\s?)*$/); } catch (e) { return 'swallowed'; }", "Timeout")]
    [InlineData("return 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'.replace(/^(a+)+$/, 'x');", "Timeout")]
    public async Task Hostile_script_is_stopped_quickly_with_a_clear_error(string body, string expected)
    {
        var script = await fixture.Sandbox.CompileAsync("hostile", "function rule(facts) { " + body + " }");
        var benign = await fixture.Sandbox.CompileAsync("benign", "function rule(facts) { return facts.n * 2; }");

        var clock = Stopwatch.StartNew();
        var hostile = fixture.Sandbox.EvaluateAsync(script, "{}");
        var others = Enumerable.Range(0, 8).Select(n => fixture.Sandbox.EvaluateAsync(benign, $$"""{"n":{{n}}}""")).ToArray();
        var result = await hostile;
        clock.Stop();

        Assert.False(result.Succeeded);
        // Loops hit their statement budget or, on a busy machine, their time budget first: both are the right stop.
        Assert.True(expected.Split(',').Contains(result.ErrorKind.ToString()), $"expected {expected}, got {result.ErrorKind}: {result.Error}");
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
        Assert.True(clock.Elapsed < Bound, $"took {clock.Elapsed}");
        foreach (var (other, n) in (await Task.WhenAll(others)).Select((r, n) => (r, n)))
        {
            Assert.True(other.Succeeded, other.Error);
            Assert.Equal(n * 2, other.Value.Number);
        }
    }

    [Fact]
    public async Task Deep_chain_of_distinct_functions_is_stopped_without_crashing()
    {
        var source = new StringBuilder();
        for (var i = 0; i < 5000; i++)
        {
            source.Append("function f").Append(i).Append("(x) { return f").Append(i + 1).Append("(x + 1); }\n");
        }

        source.Append("function f5000(x) { return x; }\nfunction rule(facts) { return f0(0); }");
        var script = await fixture.Sandbox.CompileAsync("chain", source.ToString());

        var clock = Stopwatch.StartNew();
        var result = await fixture.Sandbox.EvaluateAsync(script, "{}");
        Assert.True(clock.Elapsed < Bound, $"took {clock.Elapsed}");
        // Debug builds on a busy machine may reach the time budget before the stack budget: either is a clean stop.
        Assert.Contains(result.ErrorKind, new[] { SandboxErrorKind.StackLimit, SandboxErrorKind.Timeout });
        Assert.False(string.IsNullOrWhiteSpace(result.Error));

        // A shallow chain in the same program is fine.
        // A shallow chain in the same program is fine (a relaxed time budget: instantiating 5000 functions is slow in Debug).
        using var relaxed = new ScriptSandbox(SandboxOptions.Default with { MaxSourceLength = 512 * 1024, Timeout = TimeSpan.FromSeconds(5), Workers = 1 });
        var shallow = await relaxed.CompileAsync("chain", source.ToString().Replace("return f0(0)", "return f4990(0)", StringComparison.Ordinal));
        var ok = await relaxed.EvaluateAsync(shallow, "{}");
        Assert.True(ok.Succeeded, ok.Error);
        Assert.Equal(10, ok.Value.Number);
    }

    [Theory]
    [InlineData("return facts.GetType();")]
    [InlineData("return facts.GetType().Assembly;")]
    [InlineData("return System.IO.File.ReadAllText('/etc/passwd');")]
    [InlineData("return importNamespace('System.IO');")]
    [InlineData("return eval('1 + 1');")]
    [InlineData("return Function('return 1')();")]
    [InlineData("return (function () {}).constructor('return 1')();")]
    [InlineData("return console.log.constructor('return 1')();")]
    [InlineData("return JSON.parse.constructor('while(true){}')();")]
    [InlineData("return this.GetType();")]
    [InlineData("return (1).GetType();")]
    [InlineData("return 'x'.GetType().Assembly.Location;")]
    public async Task Clr_and_code_generation_are_out_of_reach(string body)
    {
        var script = await fixture.Sandbox.CompileAsync("clr", "function rule(facts) { " + body + " }");
        var result = await fixture.Sandbox.EvaluateAsync(script, """{"a":1}""");
        Assert.Equal(SandboxErrorKind.ScriptError, result.ErrorKind);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
    }

    [Fact]
    public async Task Nothing_of_the_clr_is_visible_to_scripts()
    {
        var script = await fixture.Sandbox.CompileAsync("clr", """
            function rule(facts) {
              var seen = [];
              var roots = { facts: facts, global: this, console: console, log: console.log, json: JSON };
              for (var name in roots) {
                var o = roots[name];
                if (typeof o.GetType !== 'undefined' || typeof o.ToString !== 'undefined') seen.push(name);
              }
              return seen.join(',') + '|' + typeof System + '|' + typeof importNamespace + '|' + typeof eval + '|' + typeof Function;
            }
            """);
        var result = await fixture.Sandbox.EvaluateAsync(script, """{"a":1}""");
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("|undefined|undefined|undefined|undefined", result.Value.Text);
    }

    [Fact]
    public async Task A_stuck_native_call_is_abandoned_by_the_watchdog_and_the_pool_recovers()
    {
        // A single statement that stays in native code: no guard runs until it returns.
        using var sandbox = new ScriptSandbox(SandboxOptions.Default with
        {
            Workers = 1,
            Timeout = TimeSpan.FromMilliseconds(100),
            WatchdogGrace = TimeSpan.FromMilliseconds(100),
            RegexTimeout = TimeSpan.FromSeconds(3),
        });
        var stuck = await sandbox.CompileAsync("stuck", "function rule(f) { return /^(a+)+$/.test('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'); }");
        var benign = await sandbox.CompileAsync("benign", "function rule(f) { return 7; }");

        var clock = Stopwatch.StartNew();
        var result = await sandbox.EvaluateAsync(stuck, "{}");
        Assert.True(clock.Elapsed < Bound, $"took {clock.Elapsed}");
        Assert.Equal(SandboxErrorKind.Timeout, result.ErrorKind);
        Assert.Contains("watchdog", result.Error, StringComparison.Ordinal);
        Assert.Equal(1, sandbox.AbandonedWorkers);

        var next = await sandbox.EvaluateAsync(benign, "{}");
        Assert.True(next.Succeeded, next.Error);
        Assert.Equal(7, next.Value.Number);

        // The stuck thread ends on its own when the regex times out.
        await Poll.UntilAsync(() => sandbox.AbandonedWorkers == 0, TimeSpan.FromSeconds(10), "the abandoned worker to end", TimeSpan.FromMilliseconds(50));

        Assert.Equal(0, sandbox.AbandonedWorkers);
    }
}
