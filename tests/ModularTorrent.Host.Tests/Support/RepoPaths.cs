namespace ModularTorrent.Host.Tests.Support;

/// <summary>Finds the repository and build outputs from the test assembly's location.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration the tests were built in (Debug or Release).</summary>
    public static string Configuration { get; } = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>The output folder of a test plugin project under tests/TestPlugins.</summary>
    public static string TestPluginOutput(string project) => Path.Combine(Root, "tests", "TestPlugins", project, "bin", Configuration, "net10.0");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ModularTorrent.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("ModularTorrent.sln not found above " + AppContext.BaseDirectory);
    }
}
