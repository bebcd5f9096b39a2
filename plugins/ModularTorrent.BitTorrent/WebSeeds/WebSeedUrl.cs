using System.Text;
using ModularTorrent.BitTorrent.Bencoding;
using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.WebSeeds;

/// <summary>BEP 19 mapping from a web seed URL and a torrent to the URL of each file.</summary>
/// <remarks>
/// The names come from the raw info dictionary (<c>name.utf-8</c>/<c>path.utf-8</c> when present, as the metainfo
/// prefers), not from the sanitised <see cref="TorrentFileEntry.Path"/>: the server has the files under their real
/// names, which may hold characters we replace on disk (':' '?' '*' ...). Every byte outside RFC 3986's unreserved set
/// is percent-encoded, so even non-UTF-8 names map to the exact bytes.
/// </remarks>
public static class WebSeedUrl
{
    /// <summary>
    /// The URL of every file, in torrent order. Single-file: the seed URL is the file itself, unless it ends in '/',
    /// then the torrent name is appended. Multi-file: seed URL + '/' (when missing) + name + '/' + path, every
    /// segment percent-encoded (libtorrent's layout).
    /// </summary>
    /// <exception cref="ArgumentException">The seed URL is not absolute HTTP(S), or a path must be appended and it has a query or fragment.</exception>
    public static IReadOnlyList<Uri> ForAllFiles(Uri seed, TorrentMetainfo metainfo)
    {
        ArgumentNullException.ThrowIfNull(metainfo);
        Validate(seed);
        var text = seed.AbsoluteUri;
        if (!metainfo.IsMultiFile && !text.EndsWith('/'))
        {
            return [seed];
        }

        if (seed.Query.Length > 0 || seed.Fragment.Length > 0)
        {
            throw new ArgumentException($"The web seed '{seed}' has a query or fragment, so file paths cannot be appended to it.", nameof(seed));
        }

        var (name, paths) = RawNames(metainfo);
        var prefix = new StringBuilder(text, text.Length + 64);
        if (!text.EndsWith('/'))
        {
            prefix.Append('/');
        }

        AppendEscaped(prefix, name.Span);
        if (!metainfo.IsMultiFile)
        {
            return [new Uri(prefix.ToString())];
        }

        var uris = new Uri[paths.Count];
        var builder = new StringBuilder();
        for (var i = 0; i < uris.Length; i++)
        {
            builder.Clear().Append(prefix);
            foreach (var segment in paths[i])
            {
                AppendEscaped(builder.Append('/'), segment.Span);
            }

            uris[i] = new Uri(builder.ToString());
        }

        return uris;
    }

    /// <summary>The URL of file <paramref name="fileIndex"/>; see <see cref="ForAllFiles"/>.</summary>
    /// <exception cref="ArgumentException">As for <see cref="ForAllFiles"/>.</exception>
    public static Uri ForFile(Uri seed, TorrentMetainfo metainfo, int fileIndex)
    {
        ArgumentNullException.ThrowIfNull(metainfo);
        ArgumentOutOfRangeException.ThrowIfNegative(fileIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(fileIndex, metainfo.Files.Count);
        return ForAllFiles(seed, metainfo)[fileIndex];
    }

    /// <summary>Checks a seed URL is absolute http or https.</summary>
    /// <exception cref="ArgumentException">It is not.</exception>
    public static void Validate(Uri seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        if (!seed.IsAbsoluteUri || (seed.Scheme != Uri.UriSchemeHttp && seed.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The web seed '{seed}' is not an absolute http or https URL.", nameof(seed));
        }
    }

    private static (ReadOnlyMemory<byte> Name, List<ReadOnlyMemory<byte>[]> Paths) RawNames(TorrentMetainfo metainfo)
    {
        // The metainfo already parsed and validated this dictionary, so its shape is known to be right.
        var info = (BencodeDictionary)BencodeDocument.Parse(metainfo.RawInfo);
        var name = (info.Get<BencodeString>("name.utf-8") ?? info.Get<BencodeString>("name"))!.Bytes;
        var paths = new List<ReadOnlyMemory<byte>[]>();
        if (info.Get<BencodeList>("files") is { } files)
        {
            foreach (var file in files.Items.Cast<BencodeDictionary>())
            {
                var path = file.Get<BencodeList>("path.utf-8") ?? file.Get<BencodeList>("path")!;
                paths.Add(path.Items.Cast<BencodeString>().Select(s => s.Bytes).ToArray());
            }
        }

        return (name, paths);
    }

    private static void AppendEscaped(StringBuilder builder, ReadOnlySpan<byte> segment)
    {
        foreach (var b in segment)
        {
            if (b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append("0123456789ABCDEF"[b >> 4]).Append("0123456789ABCDEF"[b & 15]);
            }
        }
    }
}
