namespace ModularTorrent.Host.Tests.Support;

/// <summary>The build outputs of the plugin projects under tests/TestPlugins, copied into throw-away plugin folders.</summary>
internal static class TestPlugins
{
    /// <summary>The output folder of <paramref name="project"/>, built in the tests' own configuration.</summary>
    public static string Output(string project) => RepoRoot.Combine("tests", "TestPlugins", project, "bin", RepoRoot.Configuration, "net10.0");
}
