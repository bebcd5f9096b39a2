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

    public static string VectorsPath(string relative) => RepoRoot.Vector(relative);

    public static JsonNode Vectors(string relative) => JsonNode.Parse(File.ReadAllText(VectorsPath(relative)))!;
}
