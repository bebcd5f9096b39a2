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

    /// <summary>Waits until <paramref name="condition"/> completes with true; returns how long it took, or throws <see cref="TimeoutException"/>.</summary>
    public static async Task<TimeSpan> UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var watch = Stopwatch.StartNew();
        while (!await condition().ConfigureAwait(false))
        {
            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s waiting for {what}.");
            }

            await Task.Delay(interval ?? DefaultInterval).ConfigureAwait(false);
        }

        return watch.Elapsed;
    }
}
