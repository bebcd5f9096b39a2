using System.Text;
using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.WebSeeds;

/// <summary>BEP 19 mapping from a web seed URL and a torrent to the URL of each file.</summary>
public static class WebSeedUrl
{
    /// <summary>
    /// The URL of file <paramref name="fileIndex"/>. Single-file: the seed URL is the file itself, unless it ends in '/',
    /// then the torrent name is appended. Multi-file: seed URL + '/' (when missing) + name + '/' + path, every
    /// segment percent-encoded as UTF-8 (libtorrent's layout).
    /// </summary>
    /// <exception cref="ArgumentException">The seed URL is not absolute HTTP(S), or a path must be appended and it has a query or fragment.</exception>
    public static Uri ForFile(Uri seed, TorrentMetainfo metainfo, int fileIndex)
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(metainfo);
        ArgumentOutOfRangeException.ThrowIfNegative(fileIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(fileIndex, metainfo.Files.Count);
        Validate(seed);
        var text = seed.AbsoluteUri;
        if (!metainfo.IsMultiFile && !text.EndsWith('/'))
        {
            return seed;
        }

        if (seed.Query.Length > 0 || seed.Fragment.Length > 0)
        {
            throw new ArgumentException($"The web seed '{seed}' has a query or fragment, so file paths cannot be appended to it.", nameof(seed));
        }

        if (!metainfo.IsMultiFile)
        {
            return new Uri(text + Uri.EscapeDataString(metainfo.Name));
        }

        var builder = new StringBuilder(text, text.Length + 64);
        if (!text.EndsWith('/'))
        {
            builder.Append('/');
        }

        builder.Append(Uri.EscapeDataString(metainfo.Name));
        foreach (var segment in metainfo.Files[fileIndex].Path.Split('/'))
        {
            builder.Append('/').Append(Uri.EscapeDataString(segment));
        }

        return new Uri(builder.ToString());
    }

    /// <summary>Checks a seed URL is absolute http or https.</summary>
    /// <exception cref="ArgumentException">It cannot.</exception>
    public static void Validate(Uri seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        if (!seed.IsAbsoluteUri || (seed.Scheme != Uri.UriSchemeHttp && seed.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The web seed '{seed}' is not an absolute http or https URL.", nameof(seed));
        }
    }
}
