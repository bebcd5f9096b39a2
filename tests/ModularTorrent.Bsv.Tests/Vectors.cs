using System.Text.Json;

namespace ModularTorrent.Bsv.Tests;

/// <summary>Reads the shared public vectors from /work/shared/vectors/bsv via the repository root.</summary>
internal static class Vectors
{
    private static readonly Lazy<string> Directory = new(FindDirectory);

    public static string PathOf(string file) => Path.Combine(Directory.Value, file);

    public static JsonElement Json(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(PathOf(file)));
        return doc.RootElement.Clone();
    }

    private static string FindDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ModularTorrent.sln")))
        {
            dir = dir.Parent;
        }

        if (dir is null)
        {
            throw new InvalidOperationException("Repository root (ModularTorrent.sln) not found above " + AppContext.BaseDirectory);
        }

        var path = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "vectors", "bsv"));
        if (!System.IO.Directory.Exists(path))
        {
            throw new InvalidOperationException("Vector folder missing: " + path);
        }

        return path;
    }
}
