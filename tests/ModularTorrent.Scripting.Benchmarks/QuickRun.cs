using System.Diagnostics;
using System.Globalization;
using Jint;
using Jint.Native;
using Jint.Parser;
using ModularTorrent.Scripting.Rules;
using ModularTorrent.Scripting.Sandbox;

namespace ModularTorrent.Scripting.Benchmarks;

/// <summary>
/// A plain timed loop beside BenchmarkDotNet: proofReward evaluations per wall-clock second and per second of CPU
/// the whole process used (all its threads: caller, worker, thread pool, GC), for bare Jint, the fresh engine alone
/// (the floor of any evaluation), the sandbox's own work on the calling thread, and the sandbox one at a time and
/// with 64 in flight. On a shared, busy machine the
/// wall-clock rate mostly measures the neighbours; the CPU rate is what one core delivers.
/// Usage: <c>quick [seconds per mode] [rounds]</c>; pin with <c>taskset -c 0</c>.
/// </summary>
/// <remarks>
/// Every mode is warmed up, round-robin, before any is measured, and the modes are then measured in interleaved
/// rounds (the median round is reported): Jint's code is shared by all modes, so measuring one mode while tiered
/// compilation is still at work would bill that mode for it (bare Jint, measured first, used to show 10,000/s for
/// what is 30,000/s once compiled), and interleaving spreads the neighbours' load evenly over the modes.
/// </remarks>
public static class QuickRun
{
    private const string Facts = """{"proofs":1,"latencyMs":120,"seeders":2}""";
    private const int InFlight = 64;

    /// <summary>Runs the loops and prints the rates.</summary>
    /// <param name="seconds">How long each mode is measured, in all.</param>
    /// <param name="rounds">In how many interleaved rounds.</param>
    public static async Task RunAsync(double seconds, int rounds)
    {
        RegexTimeout.Install(SandboxOptions.Default.RegexTimeout);
        Console.WriteLine($"processors: {Environment.ProcessorCount}, load before: {LoadAverage()}");

        var source = DefaultRules.All["proofReward"];
        var program = new JavaScriptParser().Parse(source);
        using var sandbox = new ScriptSandbox(SandboxOptions.Default with { Workers = 1 });
        await sandbox.WarmUpAsync();
        var script = await sandbox.CompileAsync("proofReward", source);
        var batch = new Task<SandboxResult>[InFlight];

        Mode[] modes =
        [
            new("bare Jint, fresh engine", 1, () =>
            {
                var engine = new Engine(o => o.MaxStatements(20_000));
                engine.Execute(program);
                var facts = engine.Json.Parse(JsValue.Undefined, [new JsValue(Facts)]);
                Check(engine.Invoke(engine.GetValue("rule"), facts).AsNumber());
                return Task.CompletedTask;
            }),
            new("fresh sandbox engine only", 1, () =>
            {
                // The floor: every evaluation builds one, so no evaluation can be cheaper than this.
                GC.KeepAlive(SandboxedEngine.Create(sandbox.Options));
                return Task.CompletedTask;
            }),
            new("sandbox work, no hop", 1, () =>
            {
                var work = new EvaluateWork(script, Facts, sandbox.Options);
                work.TryStart();
                work.Execute();
                Check(work.Task.Result.Value.Number);
                return Task.CompletedTask;
            }),
            new("sandbox, one at a time", 1, async () => Check((await sandbox.EvaluateAsync(script, Facts)).Value.Number)),
            new($"sandbox, {InFlight} in flight", InFlight, async () =>
            {
                for (var i = 0; i < batch.Length; i++)
                {
                    batch[i] = sandbox.EvaluateAsync(script, Facts);
                }

                foreach (var task in batch)
                {
                    Check((await task).Value.Number);
                }
            }),
        ];

        // Long enough for tiered compilation to finish with Jint's hot paths in every mode.
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < Math.Max(3, seconds))
        {
            foreach (var mode in modes)
            {
                await RunAsync(mode, 0.2);
            }
        }

        var rates = modes.ToDictionary(mode => mode, _ => new List<(double Wall, double Cpu, double Gen1)>());
        for (var round = 0; round < rounds; round++)
        {
            foreach (var mode in modes)
            {
                rates[mode].Add(await RunAsync(mode, seconds / rounds));
            }
        }

        var bareCpu = Median(rates[modes[0]], r => r.Cpu);
        Console.WriteLine($"{"median of " + rounds + " rounds",-26} {"wall clock",14} {"per CPU-second",16} {"vs bare (CPU)",14} {"gen1 GCs/1000",14}");
        foreach (var mode in modes)
        {
            var cpu = Median(rates[mode], r => r.Cpu);
            Console.WriteLine($"{mode.Name,-26} {Median(rates[mode], r => r.Wall),12:N0}/s {cpu,14:N0}/s {cpu / bareCpu,14:0.00} {Median(rates[mode], r => r.Gen1),14:0.00}");
        }

        Console.WriteLine($"load after: {LoadAverage()}");
    }

    // Awaited, not blocked on: callers of the sandbox are asynchronous, so the loop runs on the thread pool and one
    // evaluation costs the hop to the worker and back, not a third switch to a blocked thread as well.
    private static async Task<(double Wall, double Cpu, double Gen1)> RunAsync(Mode mode, double seconds)
    {
        var gen1 = GC.CollectionCount(1);
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        long count = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            await mode.Once().ConfigureAwait(false);
            count += mode.PerCall;
        }

        clock.Stop();
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        // Gen1 collections show evaluations whose garbage outlives a gen0 collection (engines kept alive too long).
        return (count / clock.Elapsed.TotalSeconds, count / cpu, (GC.CollectionCount(1) - gen1) * 1000.0 / count);
    }

    private static double Median(List<(double Wall, double Cpu, double Gen1)> rates, Func<(double Wall, double Cpu, double Gen1), double> pick)
    {
        var sorted = rates.Select(pick).Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
        catch (UnauthorizedAccessException)
        {
            return "n/a";
        }
    }

    private static void Check(double satoshis)
    {
        if (satoshis != 160)
        {
            throw new InvalidOperationException($"proofReward returned {satoshis.ToString(CultureInfo.InvariantCulture)}, expected 160.");
        }
    }

    private sealed record Mode(string Name, int PerCall, Func<Task> Once);
}
