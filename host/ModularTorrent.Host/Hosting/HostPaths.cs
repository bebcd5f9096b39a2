namespace ModularTorrent.Host.Hosting;

/// <summary>The host's folders, resolved against the content root so `dotnet run` from anywhere finds them.</summary>
/// <param name="DataDirectory">Where the database and plugin data live.</param>
/// <param name="PluginsDirectory">Where plugin folders are loaded from.</param>
/// <param name="ContentRoot">The folder relative paths in the configuration start from.</param>
internal sealed record HostPaths(string DataDirectory, string PluginsDirectory, string ContentRoot)
{
    public static HostPaths From(IConfiguration configuration, IHostEnvironment environment)
    {
        var data = Resolve(environment.ContentRootPath, configuration["DataDirectory"] ?? "data");
        var plugins = Resolve(environment.ContentRootPath, configuration["PluginHost:PluginsDirectory"] ?? "plugins");
        Directory.CreateDirectory(data);
        Directory.CreateDirectory(plugins);
        return new HostPaths(data, plugins, environment.ContentRootPath);
    }

    private static string Resolve(string root, string path) => Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(root, path));
}
