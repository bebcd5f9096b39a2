using System.Diagnostics;

namespace ModularTorrent.Scripting.Sandbox;

/// <summary>One piece of work for a sandbox worker; completes exactly once, by its worker or by the watchdog.</summary>
internal abstract class WorkItem
{
    private const int Queued = 0;
    private const int Running = 1;
    private const int Done = 2;
    private const int Abandoned = 3;

    private int state;
    private long started;

    /// <summary>When the worker took it (Stopwatch timestamp), 0 while queued.</summary>
    public long Started => Volatile.Read(ref started);

    /// <summary>The running evaluation, so the watchdog can flag it.</summary>
    public EvaluationContext? Context { get; set; }

    /// <summary>How long the work may run before the watchdog gives up on it.</summary>
    public abstract TimeSpan HardLimit { get; }

    public bool WasAbandoned => Volatile.Read(ref state) == Abandoned;

    /// <summary>Runs on the worker; returns false when the watchdog or a cancellation got there first.</summary>
    public bool TryStart()
    {
        Volatile.Write(ref started, Stopwatch.GetTimestamp());
        return Interlocked.CompareExchange(ref state, Running, Queued) == Queued;
    }

    public void Execute()
    {
        var complete = Run();
        if (Interlocked.CompareExchange(ref state, Done, Running) == Running)
        {
            complete();
        }
    }

    /// <summary>Called by the watchdog; true when this call gave up on the work and answered the caller.</summary>
    public bool TryAbandon()
    {
        if (Interlocked.CompareExchange(ref state, Abandoned, Running) != Running)
        {
            return false;
        }

        Context?.Abandon();
        OnAbandoned();
        return true;
    }

    /// <summary>Called when the caller stops waiting before the work started.</summary>
    public bool TryCancel()
    {
        if (Interlocked.CompareExchange(ref state, Done, Queued) != Queued)
        {
            return false;
        }

        OnCanceled();
        return true;
    }

    /// <summary>Claims a queued item so it can be refused exactly once at shutdown.</summary>
    public bool TryCancelForShutdown() => Interlocked.CompareExchange(ref state, Done, Queued) == Queued;

    /// <summary>Does the work; returns how to publish the outcome (run only if nobody else answered first).</summary>
    protected abstract Action Run();

    protected abstract void OnAbandoned();

    protected abstract void OnCanceled();

    /// <summary>Answers the caller that the sandbox could not take the work.</summary>
    public abstract void Refuse(string reason);
}
