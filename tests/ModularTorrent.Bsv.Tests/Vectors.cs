using System.Text.Json;

namespace ModularTorrent.Bsv.Tests;

/// <summary>Reads the shared public vectors from ../shared/vectors/bsv next to the repository root (the folder of ModularTorrent.sln).</summary>
internal static class Vectors
{
    private static readonly Lazy<string> Root = new(FindRepoRoot);

    public static string RepoRoot => Root.Value;

    public static string PathOf(string file)
    {
        var path = Path.GetFullPath(Path.Combine(Root.Value, "..", "shared", "vectors", "bsv", file));
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

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ModularTorrent.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Repository root (ModularTorrent.sln) not found above " + AppContext.BaseDirectory);
    }
}
