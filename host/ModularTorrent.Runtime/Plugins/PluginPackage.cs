using System.IO.Compression;
using ModularTorrent.Sdk.Plugins;

namespace ModularTorrent.Runtime.Plugins;

/// <summary>Extracts a plugin zip safely: no entry may escape the target folder, sizes are bounded.</summary>
internal static class PluginPackage
{
    private const int MaxEntries = 2000;

    /// <summary>Extracts <paramref name="package"/> into <paramref name="target"/>; returns the folder that holds <c>plugin.json</c>.</summary>
    public static string Extract(Stream package, string target, long maxBytes)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(package, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException ex)
        {
            throw new PluginLoadException($"Invalid package: not a zip archive ({ex.Message}).");
        }

        using (archive)
        {
            if (archive.Entries.Count > MaxEntries)
            {
                throw new PluginLoadException($"Invalid package: more than {MaxEntries} entries.");
            }

            var root = Path.GetFullPath(target) + Path.DirectorySeparatorChar;
            long total = 0;
            foreach (var entry in archive.Entries)
            {
                var name = entry.FullName.Replace('\\', '/');
                if (name.StartsWith('/') || name.Split('/').Any(part => part == "..") || Path.IsPathRooted(name) || name.Contains(':', StringComparison.Ordinal))
                {
                    throw new PluginLoadException($"Invalid package: entry '{entry.FullName}' escapes the plugin folder.");
                }

                var destination = Path.GetFullPath(Path.Combine(root, name));
                if (!destination.StartsWith(root, StringComparison.Ordinal))
                {
                    throw new PluginLoadException($"Invalid package: entry '{entry.FullName}' escapes the plugin folder.");
                }

                total += entry.Length;
                if (total > maxBytes)
                {
                    throw new PluginLoadException($"Invalid package: more than {maxBytes} bytes uncompressed.");
                }

                if (name.EndsWith('/'))
                {
                    Directory.CreateDirectory(destination);
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                entry.ExtractToFile(destination, overwrite: false);
            }

            if (File.Exists(Path.Combine(target, PluginManifest.FileName)))
            {
                return target;
            }

            var folders = Directory.GetDirectories(target);
            if (folders.Length == 1 && File.Exists(Path.Combine(folders[0], PluginManifest.FileName)))
            {
                return folders[0];
            }

            throw new PluginLoadException($"Invalid package: no {PluginManifest.FileName} at its root.");
        }
    }
}
