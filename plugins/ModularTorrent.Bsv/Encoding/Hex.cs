namespace ModularTorrent.Bsv.Encoding;

/// <summary>Hex text to bytes and back, with errors that say what was wrong.</summary>
public static class Hex
{
    /// <summary>Decodes hex text (either case).</summary>
    /// <param name="hex">The text.</param>
    /// <exception cref="BsvFormatException">Odd length or a non-hex character.</exception>
    public static byte[] Decode(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        if (hex.Length % 2 != 0)
        {
            throw new BsvFormatException($"Invalid hex: odd length {hex.Length}.");
        }

        try
        {
            return Convert.FromHexString(hex);
        }
        catch (FormatException ex)
        {
            throw new BsvFormatException("Invalid hex: contains a character that is not a hex digit.", ex);
        }
    }

    /// <summary>Encodes bytes as lowercase hex.</summary>
    /// <param name="bytes">The bytes.</param>
    public static string Encode(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
