using BenchmarkDotNet.Attributes;
using Jint;
using Jint.Native;
using Jint.Parser;
using ModularTorrent.Scripting.Rules;
using ModularTorrent.Scripting.Sandbox;
using ModularTorrent.Sdk.Events;
using ModularTorrent.Storage;

namespace ModularTorrent.Scripting.Benchmarks;

/// <summary>
/// The default <c>proofReward</c> rule, evaluated: bare Jint (fresh engine, no sandbox) as the reference;
/// the sandbox's own work on the calling thread (no hop); the sandbox awaited one call at a time (latency-bound:
/// every call pays the hop to the worker and back);
/// the sandbox with 64 calls in flight (throughput); and the plugin path, <c>IIncentiveRules.EvaluateAsync</c>
/// over the rules service on SQLite (facts serialized from a dictionary, active version cached).
/// </summary>
[MemoryDiagnoser]
public class ProofRewardBenchmarks
{
    private const int InFlight = 64;
    private const int Sequential = 16;
    private const string FactsJsonText = """{"proofs":1,"latencyMs":120,"seeders":2}""";

    private static readonly Dictionary<string, object?> Facts = new() { ["proofs"] = 1, ["latencyMs"] = 120, ["seeders"] = 2 };

    private ScriptSandbox sandbox = null!;
    private CompiledScript script = null!;
    private RulesService rules = null!;
    private IDbConnectionFactory db = null!;
    private string dataFolder = null!;
    private Jint.Parser.Ast.Program bareProgram = null!;
    private readonly Task<SandboxResult>[] batch = new Task<SandboxResult>[InFlight];

    [GlobalSetup]
    public void Setup()
    {
        RegexTimeout.Install(SandboxOptions.Default.RegexTimeout);
        var source = DefaultRules.All["proofReward"];
        sandbox = new ScriptSandbox(SandboxOptions.Default with { Workers = 1 });
        sandbox.WarmUpAsync().GetAwaiter().GetResult();
        script = sandbox.CompileAsync("proofReward", source).GetAwaiter().GetResult();
        bareProgram = new JavaScriptParser().Parse(source);

        dataFolder = Directory.CreateTempSubdirectory("mt-rules-bench-").FullName;
        db = StorageBootstrap.InitializeAsync(new StorageOptions { Provider = "sqlite", DataDirectory = dataFolder }, [new RulesMigrations()]).GetAwaiter().GetResult();
        rules = new RulesService(db, sandbox, new NullSink());
        rules.InstallDefaultsAsync().GetAwaiter().GetResult();
        Check(rules.EvaluateAsync("proofReward", Facts).GetAwaiter().GetResult().GetSatoshis());
        Check(sandbox.EvaluateAsync(script, FactsJsonText).GetAwaiter().GetResult().Value.AsSatoshis());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        rules.Dispose();
        sandbox.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dataFolder, recursive: true);
    }

    /// <summary>Reference: what Jint alone costs per evaluation with a fresh engine and no sandbox at all.</summary>
    [Benchmark(Baseline = true)]
    public double BareJintFreshEngine()
    {
        var engine = new Engine(o => o.MaxStatements(20_000));
        engine.Execute(bareProgram);
        var facts = engine.Json.Parse(JsValue.Undefined, [new JsValue(FactsJsonText)]);
        return engine.Invoke(engine.GetValue("rule"), facts).AsNumber();
    }

    /// <summary>The sandbox's own work (fresh hardened engine, guards, checked result) on the calling thread, without the hop to a worker.</summary>
    [Benchmark]
    public double SandboxWorkWithoutHop()
    {
        var work = new EvaluateWork(script, FactsJsonText, sandbox.Options);
        work.TryStart();
        work.Execute();
        return work.Task.Result.Value.Number;
    }

    /// <summary>
    /// The sandbox, one call awaited at a time, several in a row per invocation: callers are asynchronous, so the
    /// loop continues on the thread pool and each call pays the hop to the worker and back, while the switch back to
    /// BenchmarkDotNet's blocked thread is paid once per invocation instead of once per call.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Sequential)]
    public async Task<double> SandboxOneAtATime()
    {
        var sum = 0.0;
        for (var i = 0; i < Sequential; i++)
        {
            sum += (await sandbox.EvaluateAsync(script, FactsJsonText)).Value.Number;
        }

        return sum;
    }

    /// <summary>The sandbox with 64 calls in flight: the worker runs them back to back.</summary>
    [Benchmark(OperationsPerInvoke = InFlight)]
    public async Task<double> SandboxPipelined()
    {
        for (var i = 0; i < InFlight; i++)
        {
            batch[i] = sandbox.EvaluateAsync(script, FactsJsonText);
        }

        var sum = 0.0;
        foreach (var task in batch)
        {
            sum += (await task).Value.Number;
        }

        return sum;
    }

    /// <summary>The plugin path: IIncentiveRules over the rules service (SQLite, active version cached), awaited one at a time.</summary>
    [Benchmark(OperationsPerInvoke = Sequential)]
    public async Task<long> IncentiveRulesOneAtATime()
    {
        var sum = 0L;
        for (var i = 0; i < Sequential; i++)
        {
            sum += (await rules.EvaluateAsync("proofReward", Facts)).GetSatoshis();
        }

        return sum;
    }

    private static void Check(long satoshis)
    {
        if (satoshis != 160)
        {
            throw new InvalidOperationException($"proofReward returned {satoshis}, expected 160.");
        }
    }

    private sealed class NullSink : IEventSink
    {
        public void Publish(HostEvent hostEvent)
        {
        }
    }
}
