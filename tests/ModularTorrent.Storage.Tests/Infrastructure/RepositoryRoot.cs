namespace ModularTorrent.Storage.Tests.Infrastructure;

/// <summary>Finds the repository root by walking up to ModularTorrent.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "ModularTorrent.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"ModularTorrent.sln not found above {AppContext.BaseDirectory}.");
    }
}
