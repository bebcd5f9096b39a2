namespace ModularTorrent.Cli.Remote;

/// <summary>What <c>mt add</c> sends: a magnet link, an http(s) URL, or the bytes of a local .torrent.</summary>
/// <param name="Magnet">A magnet link, or null.</param>
/// <param name="Url">An http(s) URL of a .torrent the host fetches, or null.</param>
/// <param name="FileName">The local file's name, when uploading.</param>
/// <param name="Content">The local file's bytes, when uploading.</param>
public sealed record AddSource(string? Magnet, string? Url, string? FileName, byte[]? Content)
{
    // The host refuses larger uploads; checking here saves sending them.
    private const long MaxTorrentFile = 16 * 1024 * 1024;

    /// <summary>Reads SOURCE: <c>magnet:</c> and <c>http(s)://</c> go to the host as they are; anything else is a local file to upload.</summary>
    /// <param name="source">The argument as given.</param>
    /// <exception cref="CliException">The local file is missing, unreadable or too large.</exception>
    public static AddSource Parse(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.StartsWith("magnet:", StringComparison.OrdinalIgnoreCase))
        {
            return new AddSource(source, null, null, null);
        }

        if (source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return new AddSource(null, source, null, null);
        }

        var path = Path.GetFullPath(source);
        if (!File.Exists(path))
        {
            throw new CliException(Directory.Exists(path)
                ? $"'{source}' is a folder; give a .torrent file, a magnet link or an http(s) URL."
                : $"'{source}' does not exist (give a .torrent file, a magnet link or an http(s) URL).");
        }

        try
        {
            var length = new FileInfo(path).Length;
            if (length is 0 or > MaxTorrentFile)
            {
                throw new CliException($"'{source}' is {(length == 0 ? "empty" : "larger than 16 MiB")}; it is not a .torrent file.");
            }

            return new AddSource(null, null, Path.GetFileName(path), File.ReadAllBytes(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot read '{source}': {ex.Message}");
        }
    }
}
