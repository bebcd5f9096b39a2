using System.Text.Json;
using ModularTorrent.Testing;

namespace ModularTorrent.Bsv.Tests;

/// <summary>Reads the shared public vectors from ../shared/vectors/bsv next to the repository root (the folder of ModularTorrent.sln).</summary>
internal static class Vectors
{
    public static string PathOf(string file)
    {
        var path = RepoRoot.Vector("bsv", file);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("Vector file missing: " + path, path);
        }

        return path;
    }

    public static JsonElement Json(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(PathOf(file)));
        return doc.RootElement.Clone();
    }
}
