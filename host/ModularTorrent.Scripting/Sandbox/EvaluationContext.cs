using System.Diagnostics;
using Jint;

namespace ModularTorrent.Scripting.Sandbox;

/// <summary>The state of the one evaluation running on a worker thread; the guards read it through <see cref="Current"/>.</summary>
internal sealed class EvaluationContext
{
    [ThreadStatic]
    private static EvaluationContext? current;

    private readonly long startAllocated;
    private readonly nuint stackBase;
    private readonly long deadline;
    private readonly long maxAllocated;
    private readonly nuint maxStack;
    private volatile bool abandoned;

    public EvaluationContext(Engine engine, SandboxOptions options, ConsoleBuffer console, long startAllocated)
    {
        Engine = engine;
        Options = options;
        Console = console;
        this.startAllocated = startAllocated;
        stackBase = StackProbe.Current();
        deadline = Stopwatch.GetTimestamp() + (long)(options.Timeout.TotalSeconds * Stopwatch.Frequency);
        maxAllocated = options.MaxAllocatedBytes;
        maxStack = (nuint)options.MaxStackBytes;
    }

    /// <summary>The evaluation running on this thread, if any.</summary>
    public static EvaluationContext? Current
    {
        get => current;
        set => current = value;
    }

    public Engine Engine { get; }

    public SandboxOptions Options { get; }

    public ConsoleBuffer Console { get; }

    /// <summary>How many guard statements ran: subtracted from Jint's statement count to report the script's own.</summary>
    public int GuardStatements { get; private set; }

    /// <summary>The check run by a woven-in guard statement.</summary>
    public void CheckStatement()
    {
        GuardStatements++;
        Check();
    }

    /// <summary>Set by the watchdog when it has given up on this evaluation: the next guard stops it.</summary>
    public void Abandon() => abandoned = true;

    /// <summary>Bytes allocated on this thread since the evaluation started.</summary>
    public long AllocatedBytes => GC.GetAllocatedBytesForCurrentThread() - startAllocated;

    /// <summary>Runs before every statement and loop iteration of the script, and inside every wrapped built-in.</summary>
    /// <exception cref="SandboxLimitException">A limit was reached.</exception>
    public void Check()
    {
        if (abandoned)
        {
            throw new SandboxLimitException(SandboxErrorKind.Timeout, "The evaluation was stopped by the watchdog.");
        }

        if (Stopwatch.GetTimestamp() > deadline)
        {
            throw new SandboxLimitException(SandboxErrorKind.Timeout, $"The evaluation ran longer than {Options.Timeout.TotalMilliseconds:0} ms.");
        }

        if (GC.GetAllocatedBytesForCurrentThread() - startAllocated > maxAllocated)
        {
            throw new SandboxLimitException(SandboxErrorKind.MemoryLimit, $"The evaluation allocated more than {maxAllocated / (1024 * 1024)} MiB.");
        }

        var here = StackProbe.Current();
        if (here < stackBase && stackBase - here > maxStack)
        {
            throw new SandboxLimitException(SandboxErrorKind.StackLimit, $"The evaluation recursed deeper than {maxStack / 1024} KiB of stack.");
        }
    }
}
