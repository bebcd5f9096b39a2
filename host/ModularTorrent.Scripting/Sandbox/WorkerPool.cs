using System.Collections.Concurrent;
using System.Diagnostics;

namespace ModularTorrent.Scripting.Sandbox;

/// <summary>
/// A few big-stack worker threads and a watchdog. .NET cannot abort a thread, so when one evaluation is stuck
/// inside a single native call past its hard limit, the watchdog answers its caller, flags it (its next guard
/// throws) and starts a replacement worker; the stuck thread ends on its own. While too many stuck threads are
/// still running, new work is refused instead of piling up.
/// </summary>
internal sealed class WorkerPool : IDisposable
{
    private readonly ConcurrentQueue<WorkItem> queue = new();
    private readonly SemaphoreSlim available = new(0);
    private readonly List<SandboxWorker> workers = [];
    private readonly Lock gate = new();
    private readonly SandboxOptions options;
    private readonly Thread watchdog;
    private readonly CancellationTokenSource stopping = new();
    private int abandoned;
    private int created;
    private int disposed;

    public WorkerPool(SandboxOptions options)
    {
        this.options = options;
        for (var i = 0; i < options.Workers; i++)
        {
            StartWorker();
        }

        watchdog = new Thread(Watch) { IsBackground = true, Name = "rules-sandbox-watchdog" };
        watchdog.Start();
    }

    /// <summary>Workers given up on by the watchdog whose threads are still running.</summary>
    public int AbandonedWorkers => Volatile.Read(ref abandoned);

    public void Submit(WorkItem item)
    {
        if (Volatile.Read(ref disposed) != 0)
        {
            item.Refuse("The sandbox is shutting down.");
            return;
        }

        if (AbandonedWorkers >= options.MaxAbandonedWorkers)
        {
            item.Refuse($"The sandbox is refusing work: {AbandonedWorkers} evaluations are still stuck in native code.");
            return;
        }

        queue.Enqueue(item);
        available.Release();
        if (Volatile.Read(ref disposed) != 0)
        {
            RefuseQueued(); // raced with Dispose: nobody will take it
        }
    }

    public bool TryTake(out WorkItem item)
    {
        while (true)
        {
            try
            {
                available.Wait(stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                // Shutting down: this worker ends.
                item = null!;
                return false;
            }

            if (queue.TryDequeue(out item!))
            {
                return true;
            }
        }
    }

    private void RefuseQueued()
    {
        while (queue.TryDequeue(out var item))
        {
            if (item.TryCancelForShutdown())
            {
                item.Refuse("The sandbox is shutting down.");
            }
        }
    }

    public void AbandonedWorkerEnded() => Interlocked.Decrement(ref abandoned);

    private void StartWorker()
    {
        var worker = new SandboxWorker(this, options.WorkerStackBytes, Interlocked.Increment(ref created));
        lock (gate)
        {
            workers.Add(worker);
        }

        worker.Start();
    }

    private void Watch()
    {
        var period = TimeSpan.FromMilliseconds(Math.Clamp(options.Timeout.TotalMilliseconds / 5, 5, 50));
        var stop = stopping.Token.WaitHandle;
        while (!stop.WaitOne(period))
        {
            SandboxWorker[] snapshot;
            lock (gate)
            {
                snapshot = [.. workers];
            }

            var now = Stopwatch.GetTimestamp();
            foreach (var worker in snapshot)
            {
                var item = worker.Current;
                if (item is null || item.Started == 0 || Stopwatch.GetElapsedTime(item.Started, now) < item.HardLimit || !item.TryAbandon())
                {
                    continue;
                }

                Interlocked.Increment(ref abandoned);
                lock (gate)
                {
                    workers.Remove(worker);
                }

                StartWorker();
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        stopping.Cancel();
        RefuseQueued();

        // Workers and the watchdog see the cancellation and end; the semaphore and token source are left to the
        // collector because a worker abandoned in native code may still touch them when it returns.
        watchdog.Join(TimeSpan.FromSeconds(1));
    }
}
