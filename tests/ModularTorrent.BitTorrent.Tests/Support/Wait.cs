namespace ModularTorrent.BitTorrent.Tests.Support;

public static class Wait
{
    /// <summary>Polls <paramref name="condition"/> until true or the timeout; every wait in tests is bounded.</summary>
    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, Func<string>? describe = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Condition not met within {timeout}. {describe?.Invoke()}");
            }

            await Task.Delay(50);
        }
    }
}
