using System.Globalization;
using System.Text;

namespace ModularTorrent.Runtime.Plugins;

/// <summary>A fingerprint of a plugin folder's files (names, sizes, write times), to skip reloads when nothing changed.</summary>
internal static class PluginFolderStamp
{
    public static string Compute(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return string.Empty;
        }

        var builder = new StringBuilder();
        var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories);
        Array.Sort(files, StringComparer.Ordinal);
        foreach (var file in files)
        {
            var info = new FileInfo(file);
            builder.Append(file).Append('|')
                .Append(info.Length.ToString(CultureInfo.InvariantCulture)).Append('|')
                .Append(info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return builder.ToString();
    }
}
