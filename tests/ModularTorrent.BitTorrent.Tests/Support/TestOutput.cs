using Xunit.Abstractions;

namespace ModularTorrent.BitTorrent.Tests.Support;

public static class TestOutput
{
    /// <summary>
    /// Writes a log line to the test's output. Background work (a DHT node's timers) can still log after its test
    /// has finished, when xunit throws instead: such a line is dropped.
    /// </summary>
    public static void TryWriteLine(this ITestOutputHelper output, string line)
    {
        ArgumentNullException.ThrowIfNull(output);
        try
        {
            output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
        }
    }
}
