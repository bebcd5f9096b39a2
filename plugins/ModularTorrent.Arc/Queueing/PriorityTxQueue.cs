namespace ModularTorrent.Arc.Queueing;

/// <summary>
/// A queue with four priorities: every urgent item leaves before any high one, and so on; FIFO
/// within a priority. Any number of producers, one consumer: the consumer waits for an item
/// (<see cref="WaitAsync"/>, which reserves it), reserves more (<see cref="TryReserve"/>) and takes
/// what it reserved (<see cref="Take"/>).
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class PriorityTxQueue<T> : IDisposable
{
    private const int Levels = 4;
    private readonly Queue<T>[] _queues = [new(), new(), new(), new()];
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _available = new(0, int.MaxValue);
    private int _count;

    /// <summary>Items in the queue, reserved or not.</summary>
    public int Count => Volatile.Read(ref _count);

    public void Enqueue(T item, ArcPriority priority)
    {
        var level = Math.Clamp((int)priority, 0, Levels - 1);
        lock (_gate)
        {
            _queues[level].Enqueue(item);
            _count++;
        }

        _available.Release();
    }

    /// <summary>Waits until an item is there and reserves it.</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => _available.WaitAsync(cancellationToken);

    /// <summary>Reserves up to <paramref name="max"/> more items without waiting; returns how many.</summary>
    public int TryReserve(int max)
    {
        var reserved = 0;
        while (reserved < max && _available.Wait(0))
        {
            reserved++;
        }

        return reserved;
    }

    /// <summary>Gives back reservations that will not be taken.</summary>
    public void Unreserve(int count)
    {
        if (count > 0)
        {
            _available.Release(count);
        }
    }

    /// <summary>Takes <paramref name="count"/> reserved items, highest priority first.</summary>
    public void Take(int count, List<T> into)
    {
        lock (_gate)
        {
            for (var level = Levels - 1; level >= 0 && count > 0; level--)
            {
                var queue = _queues[level];
                while (count > 0 && queue.TryDequeue(out var item))
                {
                    into.Add(item);
                    count--;
                    _count--;
                }
            }
        }
    }

    public void Dispose() => _available.Dispose();
}
