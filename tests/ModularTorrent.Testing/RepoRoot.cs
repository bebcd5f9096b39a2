namespace ModularTorrent.Testing;

/// <summary>
/// The repository root (the folder holding ModularTorrent.sln, found by walking up from the test
/// assembly) and the public test vectors beside it in <c>../shared/vectors</c>, never copied into the repo.
/// </summary>
public static class RepoRoot
{
    private static readonly Lazy<string> Root = new(Find);

    /// <summary>The absolute path of the folder holding ModularTorrent.sln.</summary>
    public static string Path => Root.Value;

    /// <summary>The absolute path of the shared vectors folder (<c>../shared/vectors</c> from the root).</summary>
    public static string Vectors => System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, "..", "shared", "vectors"));

    /// <summary>The build configuration the tests were built in (Debug or Release), to find sibling build outputs.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{System.IO.Path.DirectorySeparatorChar}Release{System.IO.Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>A path below the repository root.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>A path below the shared vectors folder; the file or folder need not exist.</summary>
    public static string Vector(params string[] parts) => System.IO.Path.Combine([Vectors, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "ModularTorrent.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ModularTorrent.sln not found above " + AppContext.BaseDirectory);
    }
}
