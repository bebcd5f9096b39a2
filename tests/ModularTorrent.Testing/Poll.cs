using System.Diagnostics;

namespace ModularTorrent.Testing;

/// <summary>Bounded polling: every wait in the tests ends, with a message naming what never happened.</summary>
public static class Poll
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(25);

    /// <summary>Waits until <paramref name="condition"/> holds; returns how long it took, or throws <see cref="TimeoutException"/>.</summary>
    public static Task<TimeSpan> UntilAsync(Func<bool> condition, TimeSpan timeout, string what, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return UntilAsync(() => Task.FromResult(condition()), timeout, what, interval);
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds; returns how long it took, or throws <see cref="TimeoutException"/>
    /// with what <paramref name="describe"/> says at that moment (a log dump, say: state worth reading only on failure).
    /// </summary>
    public static Task<TimeSpan> UntilAsync(Func<bool> condition, TimeSpan timeout, Func<string>? describe = null, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return WaitAsync(() => Task.FromResult(condition()), timeout, () => "the condition. " + describe?.Invoke(), interval);
    }

    /// <summary>Waits until <paramref name="condition"/> completes with true; returns how long it took, or throws <see cref="TimeoutException"/>.</summary>
    public static Task<TimeSpan> UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, TimeSpan? interval = null) =>
        WaitAsync(condition, timeout, () => what + ".", interval);

    private static async Task<TimeSpan> WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> what, TimeSpan? interval)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var watch = Stopwatch.StartNew();
        while (!await condition().ConfigureAwait(false))
        {
            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s waiting for {what()}");
            }

            await Task.Delay(interval ?? DefaultInterval).ConfigureAwait(false);
        }

        return watch.Elapsed;
    }
}
