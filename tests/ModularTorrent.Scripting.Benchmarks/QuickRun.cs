using System.Diagnostics;
using ModularTorrent.Scripting.Rules;
using ModularTorrent.Scripting.Sandbox;

namespace ModularTorrent.Scripting.Benchmarks;

/// <summary>
/// A plain timed loop beside BenchmarkDotNet: proofReward evaluations per wall-clock second and per second of CPU
/// the whole process used (all its threads: caller, worker, thread pool, GC), for bare Jint and for the sandbox one
/// at a time and with 64 in flight. On a shared, busy machine the wall-clock rate mostly measures the neighbours;
/// the CPU rate is what one core delivers. Usage: <c>quick [seconds]</c>; pin with <c>taskset -c 0</c>.
/// </summary>
public static class QuickRun
{
    private const string Facts = """{"proofs":1,"latencyMs":120,"seeders":2}""";

    /// <summary>Runs the loops and prints the rates.</summary>
    /// <param name="seconds">How long each loop runs.</param>
    public static async Task RunAsync(double seconds)
    {
        RegexTimeout.Install(SandboxOptions.Default.RegexTimeout);
        Console.WriteLine($"processors: {Environment.ProcessorCount}");

        var program = new Jint.Parser.JavaScriptParser().Parse(DefaultRules.All["proofReward"]);
        Report("bare Jint, fresh engine", Measure(seconds, () =>
        {
            var engine = new Jint.Engine(o => o.MaxStatements(20_000));
            engine.Execute(program);
            var facts = engine.Json.Parse(Jint.Native.JsValue.Undefined, [new Jint.Native.JsValue(Facts)]);
            Check(engine.Invoke(engine.GetValue("rule"), facts).AsNumber());
            return Task.CompletedTask;
        }, 1));

        using var sandbox = new ScriptSandbox(SandboxOptions.Default with { Workers = 1 });
        await sandbox.WarmUpAsync();
        var script = await sandbox.CompileAsync("proofReward", DefaultRules.All["proofReward"]);
        Report("sandbox, one at a time", Measure(seconds, async () => Check((await sandbox.EvaluateAsync(script, Facts)).Value.Number), 1));

        var batch = new Task<SandboxResult>[64];
        Report("sandbox, 64 in flight", Measure(seconds, async () =>
        {
            for (var i = 0; i < batch.Length; i++)
            {
                batch[i] = sandbox.EvaluateAsync(script, Facts);
            }

            foreach (var task in batch)
            {
                Check((await task).Value.Number);
            }
        }, batch.Length));
    }

    private static (double Wall, double Cpu) Measure(double seconds, Func<Task> once, int perCall)
    {
        // Long enough for tiered compilation to finish with Jint's hot paths.
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < Math.Max(2, seconds / 2))
        {
            once().GetAwaiter().GetResult();
        }

        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        long count = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            once().GetAwaiter().GetResult();
            count += perCall;
        }

        clock.Stop();
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        return (count / clock.Elapsed.TotalSeconds, count / cpu);
    }

    private static void Report(string what, (double Wall, double Cpu) rate) =>
        Console.WriteLine($"{what,-26} {rate.Wall,10:N0} /s wall clock {rate.Cpu,10:N0} /s of CPU");

    private static void Check(double satoshis)
    {
        if (satoshis != 160)
        {
            throw new InvalidOperationException($"proofReward returned {satoshis}, expected 160.");
        }
    }
}
