using System.Reflection;
using System.Runtime.Loader;

namespace ModularTorrent.Runtime.Plugins;

/// <summary>
/// A collectible load context for one plugin version. The SDK and the framework resolve from the
/// host (so <c>IPlugin</c> from the plugin is the host's <c>IPlugin</c>); the plugin's own
/// dependencies resolve from its folder through its <c>.deps.json</c>.
/// </summary>
/// <remarks>
/// Managed assemblies are read into memory and loaded from a stream, so the files on disk stay
/// free to be replaced while the plugin runs: that is what makes hot swap by copying work.
/// </remarks>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    private readonly AssemblyDependencyResolver _resolver;

    public PluginLoadContext(string name, string entryAssemblyPath)
        : base(name, isCollectible: true)
    {
        _resolver = new AssemblyDependencyResolver(entryAssemblyPath);
    }

    public Assembly LoadEntry(string path) => LoadFromBytes(path);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // Contracts shared with the host must come from the host, or types would not unify.
        if (SharedAssemblies.IsShared(assemblyName))
        {
            return null;
        }

        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromBytes(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }

    private Assembly LoadFromBytes(string path)
    {
        var image = File.ReadAllBytes(path);
        var pdbPath = Path.ChangeExtension(path, ".pdb");
        using var assemblyStream = new MemoryStream(image, writable: false);
        if (!File.Exists(pdbPath))
        {
            return LoadFromStream(assemblyStream);
        }

        using var pdbStream = new MemoryStream(File.ReadAllBytes(pdbPath), writable: false);
        return LoadFromStream(assemblyStream, pdbStream);
    }
}
