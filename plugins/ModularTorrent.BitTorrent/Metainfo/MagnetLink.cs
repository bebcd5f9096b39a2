using System.Globalization;
using System.Text;

namespace ModularTorrent.BitTorrent.Metainfo;

/// <summary>A BEP 9 magnet link: <c>magnet:?xt=urn:btih:&lt;hash&gt;&amp;dn=..&amp;tr=..&amp;ws=..&amp;xl=..&amp;so=..</c>.</summary>
public sealed record MagnetLink
{
    /// <summary>Creates a magnet link for <paramref name="infoHash"/>.</summary>
    public MagnetLink(InfoHash infoHash) => InfoHash = infoHash;

    /// <summary>The v1 info-hash (<c>xt=urn:btih:</c>, hex or base32).</summary>
    public InfoHash InfoHash { get; init; }

    /// <summary><c>dn</c>: display name.</summary>
    public string? DisplayName { get; init; }

    /// <summary><c>tr</c>: trackers, each its own tier as BEP 9 suggests.</summary>
    public IReadOnlyList<string> Trackers { get; init; } = [];

    /// <summary><c>ws</c>: web seeds.</summary>
    public IReadOnlyList<string> WebSeeds { get; init; } = [];

    /// <summary><c>x.pe</c>: peer addresses (host:port).</summary>
    public IReadOnlyList<string> Peers { get; init; } = [];

    /// <summary><c>xl</c>: exact total length in bytes.</summary>
    public long? ExactLength { get; init; }

    /// <summary><c>so</c> (BEP 53): indices of the files to download; null selects all.</summary>
    public IReadOnlyList<int>? SelectOnly { get; init; }

    /// <summary>Parses a magnet URI.</summary>
    /// <exception cref="MetainfoException">Not a magnet link, no usable <c>btih</c>, or a malformed parameter.</exception>
    public static MagnetLink Parse(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.StartsWith("magnet:?", StringComparison.OrdinalIgnoreCase))
        {
            throw new MetainfoException("A magnet link starts with 'magnet:?'.");
        }

        InfoHash? hash = null;
        string? name = null;
        long? length = null;
        List<int>? selectOnly = null;
        var trackers = new List<string>();
        var webSeeds = new List<string>();
        var peers = new List<string>();
        foreach (var part in uri["magnet:?".Length..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            var key = part[..eq];
            string value;
            try
            {
                value = Uri.UnescapeDataString(part[(eq + 1)..].Replace('+', ' '));
            }
            catch (UriFormatException ex)
            {
                throw new MetainfoException($"The magnet parameter '{key}' is not valid percent-encoding.", ex);
            }

            // Parameters may be numbered (tr.1, tr.2) per the magnet draft.
            var baseKey = key.Contains('.', StringComparison.Ordinal) && key != "x.pe" ? key[..key.IndexOf('.', StringComparison.Ordinal)] : key;
            switch (baseKey)
            {
                case "xt" when value.StartsWith("urn:btih:", StringComparison.OrdinalIgnoreCase):
                    if (!InfoHash.TryParse(value["urn:btih:".Length..], out var parsed))
                    {
                        throw new MetainfoException("The btih info-hash is neither 40 hex nor 32 base32 characters.");
                    }

                    hash ??= parsed;
                    break;
                case "dn":
                    name = value;
                    break;
                case "tr":
                    trackers.Add(value);
                    break;
                case "ws":
                    webSeeds.Add(value);
                    break;
                case "x.pe":
                    peers.Add(value);
                    break;
                case "xl":
                    if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var xl))
                    {
                        throw new MetainfoException($"The magnet length 'xl={value}' is not a non-negative integer.");
                    }

                    length = xl;
                    break;
                case "so":
                    selectOnly = ParseSelectOnly(value);
                    break;
            }
        }

        if (hash is null)
        {
            throw new MetainfoException("The magnet link has no 'xt=urn:btih:' info-hash.");
        }

        return new MagnetLink(hash.Value)
        {
            DisplayName = name,
            Trackers = trackers.Distinct(StringComparer.Ordinal).ToList(),
            WebSeeds = webSeeds,
            Peers = peers,
            ExactLength = length,
            SelectOnly = selectOnly,
        };
    }

    /// <summary>Parses without throwing.</summary>
    public static bool TryParse(string? uri, out MagnetLink? link)
    {
        link = null;
        if (uri is null)
        {
            return false;
        }

        try
        {
            link = Parse(uri);
            return true;
        }
        catch (MetainfoException)
        {
            return false;
        }
    }

    /// <summary>Formats the link with a hex info-hash and percent-encoded values.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder("magnet:?xt=urn:btih:").Append(InfoHash.ToHex());
        if (DisplayName is not null)
        {
            builder.Append("&dn=").Append(Uri.EscapeDataString(DisplayName));
        }

        if (ExactLength is not null)
        {
            builder.Append("&xl=").Append(ExactLength.Value.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var tracker in Trackers)
        {
            builder.Append("&tr=").Append(Uri.EscapeDataString(tracker));
        }

        foreach (var seed in WebSeeds)
        {
            builder.Append("&ws=").Append(Uri.EscapeDataString(seed));
        }

        foreach (var peer in Peers)
        {
            builder.Append("&x.pe=").Append(Uri.EscapeDataString(peer));
        }

        if (SelectOnly is { Count: > 0 })
        {
            builder.Append("&so=").Append(string.Join(',', SelectOnly.Select(i => i.ToString(CultureInfo.InvariantCulture))));
        }

        return builder.ToString();
    }

    /// <summary>Creates a magnet link for a parsed torrent.</summary>
    public static MagnetLink FromMetainfo(TorrentMetainfo metainfo)
    {
        ArgumentNullException.ThrowIfNull(metainfo);
        return new MagnetLink(metainfo.InfoHash)
        {
            DisplayName = metainfo.Name,
            ExactLength = metainfo.TotalLength,
            Trackers = metainfo.AnnounceTiers.SelectMany(t => t).ToList(),
            WebSeeds = metainfo.WebSeeds,
        };
    }

    private static List<int> ParseSelectOnly(string value)
    {
        var result = new List<int>();
        foreach (var item in value.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = item.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0
                && int.TryParse(item.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var from)
                && int.TryParse(item.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var to)
                && from <= to && to - from < 100_000)
            {
                for (var i = from; i <= to; i++)
                {
                    result.Add(i);
                }
            }
            else if (int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var single))
            {
                result.Add(single);
            }
            else
            {
                throw new MetainfoException($"The magnet 'so' item '{item}' is not an index or a range.");
            }
        }

        return result;
    }
}
