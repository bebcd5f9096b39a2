using System.Diagnostics;
using ModularTorrent.Scripting.Rules;
using ModularTorrent.Scripting.Sandbox;

namespace ModularTorrent.Scripting.Benchmarks;

/// <summary>
/// A plain timed loop (no BenchmarkDotNet): evaluations per second of proofReward through the sandbox, one at a
/// time and with many in flight, for a quick look or a profile. Usage: <c>quick [seconds]</c>.
/// </summary>
public static class QuickRun
{
    private static double Bare(double seconds)
    {
        var program = new Jint.Parser.JavaScriptParser().Parse(DefaultRules.All["proofReward"]);
        var count = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            var engine = new Jint.Engine(o => o.MaxStatements(20_000));
            engine.Execute(program);
            var facts = engine.Json.Parse(Jint.Native.JsValue.Undefined, [new Jint.Native.JsValue("{}")]);
            engine.Invoke(engine.GetValue("rule"), facts);
            count++;
        }

        return count / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Runs the loops and prints the rates.</summary>
    /// <param name="seconds">How long each loop runs.</param>
    public static async Task RunAsync(double seconds)
    {
        RegexTimeout.Install(SandboxOptions.Default.RegexTimeout);
        Console.WriteLine($"processors: {Environment.ProcessorCount}, server GC: {System.Runtime.GCSettings.IsServerGC}, latency: {System.Runtime.GCSettings.LatencyMode}");
        foreach (var stack in new[] { 0, 256 * 1024 * 1024 })
        {
            double rate = 0;
            var thread = new Thread(() => rate = Bare(seconds), stack);
            thread.Start();
            thread.Join();
            Console.WriteLine($"bare Jint on a thread with stack {stack}: {rate:N0}/s");
        }

        using var sandbox = new ScriptSandbox(SandboxOptions.Default with { Workers = 1 });
        await sandbox.WarmUpAsync();
        var script = await sandbox.CompileAsync("proofReward", DefaultRules.All["proofReward"]);
        const string facts = """{"proofs":1,"latencyMs":120,"seeders":2}""";
        Console.WriteLine($"processors: {Environment.ProcessorCount}");
        var count = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            var result = await sandbox.EvaluateAsync(script, facts);
            if (result.Value.Number != 160)
            {
                throw new InvalidOperationException(result.Error);
            }

            count++;
        }

        Console.WriteLine($"one at a time: {count / clock.Elapsed.TotalSeconds:N0} evaluations/s");

        count = 0;
        var batch = new Task<SandboxResult>[64];
        clock.Restart();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            for (var i = 0; i < batch.Length; i++)
            {
                batch[i] = sandbox.EvaluateAsync(script, facts);
            }

            foreach (var task in batch)
            {
                if ((await task).Value.Number != 160)
                {
                    throw new InvalidOperationException();
                }
            }

            count += batch.Length;
        }

        Console.WriteLine($"64 in flight: {count / clock.Elapsed.TotalSeconds:N0} evaluations/s");
    }
}
