using System.Diagnostics;
using System.Linq.Expressions;
using System.Reflection;
using System.Text.RegularExpressions;
using Jint;
using Jint.Native;
using Jint.Runtime;

namespace ModularTorrent.Scripting.Sandbox;

/// <summary>One evaluation: a fresh engine over the shared prepared program, facts parsed inside the engine.</summary>
internal sealed class EvaluateWork : WorkItem
{
    private static readonly Func<Engine, int> StatementCount = CompileStatementCount();

    private readonly CompiledScript script;
    private readonly string factsJson;
    private readonly SandboxOptions options;
    private readonly long enqueued = Stopwatch.GetTimestamp();
    private readonly TaskCompletionSource<SandboxResult> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConsoleBuffer console;

    /// <summary>A warm-up run: same sandbox, relaxed time budget, so the first JIT of Jint's paths is not billed to a rule.</summary>
    public static SandboxOptions WarmUpOptions(SandboxOptions options) => options with { Timeout = TimeSpan.FromSeconds(30), WatchdogGrace = TimeSpan.FromSeconds(5) };

    public EvaluateWork(CompiledScript script, string factsJson, SandboxOptions options)
    {
        this.script = script;
        this.factsJson = factsJson;
        this.options = options;
        console = new ConsoleBuffer(options.MaxConsoleLines, options.MaxConsoleChars);
    }

    public Task<SandboxResult> Task => completion.Task;

    public override TimeSpan HardLimit => options.Timeout + options.WatchdogGrace;

    protected override Action Run()
    {
        var startAllocated = GC.GetAllocatedBytesForCurrentThread();
        Engine? engine = null;
        EvaluationContext? context = null;
        SandboxResult result;
        try
        {
            engine = SandboxedEngine.Create(options);
            context = new EvaluationContext(engine, options, console, startAllocated);
            Context = context;
            EvaluationContext.Current = context;
            SandboxedEngine.Harden(engine, context, script.Plan);
            engine.Execute(script.Program);
            var rule = engine.Global.Get("rule");
            if (!rule.IsObject() || rule.AsObject() is not ICallable callable)
            {
                throw new SandboxLimitException(SandboxErrorKind.MissingRule, "The script does not define function rule(facts).");
            }

            JsValue facts = FlatFactsParser.TryBuild(engine, factsJson) is { } flat ? flat : engine.Json.Parse(JsValue.Undefined, [new JsValue(factsJson)]);
            var value = callable.Call(JsValue.Undefined, [facts]);
            result = new SandboxResult { Value = ResultReader.Read(value, options) };
        }
        catch (Exception e)
        {
            var (kind, message) = Describe(e);
            result = new SandboxResult { ErrorKind = kind, Error = message };
        }
        finally
        {
            EvaluationContext.Current = null;
        }

        result = result with
        {
            Duration = Stopwatch.GetElapsedTime(enqueued),
            Statements = engine is null ? 0 : Math.Max(0, StatementCount(engine) - (context?.GuardStatements ?? 0)),
            AllocatedBytes = GC.GetAllocatedBytesForCurrentThread() - startAllocated,
            Console = console.ToList(),
        };

        // Let go of the engine now: the caller's await keeps this work item alive until it resumes, and with many
        // evaluations in flight the finished engines (about 130 KB each) would otherwise pile up for every
        // collection to mark and promote.
        Context = null;
        return () => completion.TrySetResult(result);
    }

    protected override void OnAbandoned() => completion.TrySetResult(new SandboxResult
    {
        ErrorKind = SandboxErrorKind.Timeout,
        Error = $"The evaluation did not finish within {(options.Timeout + options.WatchdogGrace).TotalMilliseconds:0} ms and was abandoned by the watchdog.",
        Duration = Stopwatch.GetElapsedTime(enqueued),
        Console = console.ToList(),
    });

    protected override void OnCanceled() => completion.TrySetCanceled();

    public override void Refuse(string reason) => completion.TrySetResult(new SandboxResult
    {
        ErrorKind = SandboxErrorKind.Unavailable,
        Error = reason,
        Duration = Stopwatch.GetElapsedTime(enqueued),
    });

    private (SandboxErrorKind Kind, string Message) Describe(Exception e) => e switch
    {
        SandboxLimitException limit => (limit.Kind, limit.Message),
        JavaScriptException js => (SandboxErrorKind.ScriptError, js.LineNumber > 0 ? $"{js.Message} (line {js.LineNumber})" : js.Message),
        StatementsCountOverflowException => (SandboxErrorKind.StatementLimit, $"The evaluation executed more than {options.MaxStatements} statements (guards included)."),
        RegexMatchTimeoutException => (SandboxErrorKind.Timeout, $"A regular expression ran longer than {options.RegexTimeout.TotalMilliseconds:0} ms."),
        TimeoutException => (SandboxErrorKind.Timeout, $"The evaluation ran longer than {options.Timeout.TotalMilliseconds:0} ms."),
        RecursionDepthOverflowException => (SandboxErrorKind.StackLimit, "The evaluation recursed too deeply."),
        OutOfMemoryException or InsufficientExecutionStackException => (SandboxErrorKind.MemoryLimit, "The evaluation ran out of memory."),
        _ => (SandboxErrorKind.ScriptError, $"{e.GetType().Name}: {e.Message}"),
    };

    // Jint 2.10 keeps its statement counter private; read it without reflection on the hot path.
    private static Func<Engine, int> CompileStatementCount()
    {
        var field = typeof(Engine).GetField("_statementsCount", BindingFlags.Instance | BindingFlags.NonPublic);
        if (field is null || field.FieldType != typeof(int))
        {
            return _ => 0;
        }

        var engine = Expression.Parameter(typeof(Engine), "engine");
        return Expression.Lambda<Func<Engine, int>>(Expression.Field(engine, field), engine).Compile();
    }
}
