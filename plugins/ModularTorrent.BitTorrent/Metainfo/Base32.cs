namespace ModularTorrent.BitTorrent.Metainfo;

/// <summary>RFC 4648 base32 (upper-case alphabet, no padding), as used by magnet links for info-hashes.</summary>
public static class Base32
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>Encodes bytes without padding.</summary>
    public static string Encode(ReadOnlySpan<byte> data)
    {
        var chars = new char[(data.Length * 8 + 4) / 5];
        var buffer = 0;
        var bits = 0;
        var index = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                chars[index++] = Alphabet[(buffer >> (bits - 5)) & 31];
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            chars[index++] = Alphabet[(buffer << (5 - bits)) & 31];
        }

        return new string(chars, 0, index);
    }

    /// <summary>Decodes base32 text (case-insensitive, padding ignored) into <paramref name="destination"/>.</summary>
    /// <returns>False on an invalid character or when the decoded length differs from the destination length.</returns>
    public static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination)
    {
        text = text.TrimEnd('=');
        if (text.Length * 5 / 8 != destination.Length)
        {
            return false;
        }

        var buffer = 0;
        var bits = 0;
        var index = 0;
        foreach (var c in text)
        {
            int value = c switch
            {
                >= 'A' and <= 'Z' => c - 'A',
                >= 'a' and <= 'z' => c - 'a',
                >= '2' and <= '7' => c - '2' + 26,
                _ => -1,
            };
            if (value < 0)
            {
                return false;
            }

            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                destination[index++] = (byte)(buffer >> (bits - 8));
                bits -= 8;
            }
        }

        return true;
    }
}
