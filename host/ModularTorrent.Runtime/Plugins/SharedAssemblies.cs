using System.Reflection;

namespace ModularTorrent.Runtime.Plugins;

/// <summary>Assemblies that every plugin must share with the host rather than load its own copy of.</summary>
internal static class SharedAssemblies
{
    private static readonly HashSet<string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        "ModularTorrent.Sdk",
    };

    public static bool IsShared(AssemblyName name) => name.Name is not null && Names.Contains(name.Name);
}
