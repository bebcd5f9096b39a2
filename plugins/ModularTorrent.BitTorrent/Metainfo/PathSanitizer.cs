using System.Text;

namespace ModularTorrent.BitTorrent.Metainfo;

/// <summary>
/// Keeps file names from a torrent inside the save folder. Traversal (<c>..</c>), absolute paths and
/// empty segments are rejected; characters that are invalid on common file systems are replaced.
/// </summary>
public static class PathSanitizer
{
    private static readonly HashSet<string> ReservedWindowsNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    /// <summary>Validates and cleans one path segment from a torrent.</summary>
    /// <exception cref="MetainfoException">The segment is empty, <c>.</c>, <c>..</c> or contains a directory separator (which would make it several segments).</exception>
    public static string SanitizeSegment(string segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        if (segment.Length == 0)
        {
            throw new MetainfoException("A file path contains an empty segment.");
        }

        if (segment is "." or "..")
        {
            throw new MetainfoException($"A file path contains the segment '{segment}', which could leave the save folder.");
        }

        if (segment.Contains('/', StringComparison.Ordinal) || segment.Contains('\\', StringComparison.Ordinal))
        {
            throw new MetainfoException($"A path segment contains a directory separator: '{segment}'.");
        }

        var builder = new StringBuilder(segment.Length);
        foreach (var c in segment)
        {
            builder.Append(c is < ' ' or ':' or '*' or '?' or '"' or '<' or '>' or '|' or '\u007f' ? '_' : c);
        }

        // Windows drops trailing dots and spaces, which would let "a." and "a" collide.
        var cleaned = builder.ToString().TrimEnd('.', ' ');
        if (cleaned.Length == 0)
        {
            cleaned = "_";
        }

        var stem = cleaned.Split('.')[0];
        if (ReservedWindowsNames.Contains(stem))
        {
            cleaned = "_" + cleaned;
        }

        // Most file systems cap a name at 255 bytes.
        while (Encoding.UTF8.GetByteCount(cleaned) > 255)
        {
            cleaned = cleaned[..^1];
        }

        return cleaned;
    }

    /// <summary>Validates and joins segments with '/'.</summary>
    public static string SanitizeRelativePath(IEnumerable<string> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var cleaned = segments.Select(SanitizeSegment).ToList();
        if (cleaned.Count == 0)
        {
            throw new MetainfoException("A file has an empty path.");
        }

        return string.Join('/', cleaned);
    }

    /// <summary>Combines the save folder with a sanitised relative path and checks the result is inside it.</summary>
    /// <exception cref="MetainfoException">The result would leave <paramref name="root"/>.</exception>
    public static string Combine(string root, string relativePath)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(relativePath);
        if (Path.IsPathRooted(relativePath))
        {
            throw new MetainfoException($"The path '{relativePath}' is absolute.");
        }

        var fullRoot = Path.GetFullPath(root);
        var rootWithSeparator = fullRoot.EndsWith(Path.DirectorySeparatorChar) ? fullRoot : fullRoot + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(fullRoot, relativePath.Replace('/', Path.DirectorySeparatorChar)));
        if (!full.StartsWith(rootWithSeparator, StringComparison.Ordinal))
        {
            throw new MetainfoException($"The path '{relativePath}' resolves outside the save folder.");
        }

        return full;
    }
}
