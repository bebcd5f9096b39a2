namespace ModularTorrent.Host.Api;

/// <summary>A quick syntactic check of a magnet link, so a typo gets a field error before any handler runs.</summary>
internal static class MagnetCheck
{
    /// <summary>Why the magnet link is unusable, or <see langword="null"/> when it names a torrent.</summary>
    public static string? Problem(string magnet)
    {
        if (!magnet.StartsWith("magnet:?", StringComparison.OrdinalIgnoreCase))
        {
            return "A magnet link starts with 'magnet:?'.";
        }

        foreach (var part in magnet[8..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? part : part[..eq];
            if (!key.StartsWith("xt", StringComparison.OrdinalIgnoreCase) || eq < 0)
            {
                continue;
            }

            var value = Uri.UnescapeDataString(part[(eq + 1)..]);
            if (value.StartsWith("urn:btih:", StringComparison.OrdinalIgnoreCase))
            {
                var hash = value[9..];
                if ((hash.Length == 40 && hash.All(char.IsAsciiHexDigit)) || (hash.Length == 32 && hash.All(c => char.IsAsciiLetter(c) || c is >= '2' and <= '7')))
                {
                    return null;
                }

                return $"'xt=urn:btih:{hash}' is not an info-hash: expected 40 hex digits or 32 base32 characters.";
            }

            if (value.StartsWith("urn:btmh:", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
        }

        return "The magnet link has no 'xt=urn:btih:<info-hash>' parameter.";
    }
}
