using System.Text.Json.Nodes;
using ModularTorrent.Arc.Endpoints;

namespace ModularTorrent.Arc.Tests;

public static class TestData
{
    private static int _counter;

    /// <summary>A unique transaction-shaped payload; the server hashes whatever it gets.</summary>
    public static ArcTransaction NewTx()
    {
        var bytes = new byte[120];
        Random.Shared.NextBytes(bytes);
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 4), Interlocked.Increment(ref _counter));
        return ArcTransaction.FromRaw(bytes);
    }

    public static ArcEndpointOptions Endpoint(string name, Uri url, string? key = null) => new() { Name = name, BaseUrl = url, ApiKey = key };

    public static string VectorsPath(string relative) => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "vectors", relative));

    /// <summary>The folder holding ModularTorrent.sln.</summary>
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ModularTorrent.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("ModularTorrent.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static JsonNode Vectors(string relative) => JsonNode.Parse(File.ReadAllText(VectorsPath(relative)))!;

    /// <summary>Waits for a condition, bounded.</summary>
    public static async Task WaitUntil(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting for: " + what);
            }

            await Task.Delay(10);
        }
    }
}
