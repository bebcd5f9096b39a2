namespace ModularTorrent.Scripting.Sandbox;

/// <summary>A long-lived thread with a large stack that runs work items one at a time.</summary>
internal sealed class SandboxWorker
{
    private readonly WorkerPool pool;
    private readonly Thread thread;
    private volatile WorkItem? current;

    public SandboxWorker(WorkerPool pool, int stackBytes, int number)
    {
        this.pool = pool;
        thread = new Thread(Loop, stackBytes) { IsBackground = true, Name = $"rules-sandbox-{number}" };
    }

    public WorkItem? Current => current;

    public void Start() => thread.Start();

    private void Loop()
    {
        while (pool.TryTake(out var item))
        {
            if (!item.TryStart())
            {
                continue;
            }

            current = item;
            item.Execute();
            current = null;
            if (item.WasAbandoned)
            {
                // The watchdog replaced this worker when it gave up on the item; this thread just ends.
                pool.AbandonedWorkerEnded();
                return;
            }
        }
    }
}
