using System.Security.Cryptography;
using ModularTorrent.Bsv.Crypto;

namespace ModularTorrent.Bsv.Encoding;

/// <summary>Base58 and Base58Check (the alphabet of addresses and WIF keys).</summary>
public static class Base58
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static readonly sbyte[] Indexes = BuildIndexes();

    /// <summary>Encodes bytes as Base58 (leading zero bytes become '1').</summary>
    /// <param name="data">The bytes.</param>
    public static string Encode(ReadOnlySpan<byte> data)
    {
        var zeros = 0;
        while (zeros < data.Length && data[zeros] == 0)
        {
            zeros++;
        }

        // log(256)/log(58) ≈ 1.366: enough digits for the value.
        var digits = new byte[((data.Length - zeros) * 138 / 100) + 1];
        var length = 0;
        for (var i = zeros; i < data.Length; i++)
        {
            int carry = data[i];
            var j = 0;
            for (; j < length || carry != 0; j++)
            {
                carry += digits[j] * 256;
                digits[j] = (byte)(carry % 58);
                carry /= 58;
            }

            length = j;
        }

        var chars = new char[zeros + length];
        for (var i = 0; i < zeros; i++)
        {
            chars[i] = '1';
        }

        for (var i = 0; i < length; i++)
        {
            chars[zeros + i] = Alphabet[digits[length - 1 - i]];
        }

        return new string(chars);
    }

    /// <summary>Decodes Base58 text.</summary>
    /// <param name="text">The text.</param>
    /// <exception cref="BsvFormatException">A character outside the Base58 alphabet.</exception>
    public static byte[] Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var zeros = 0;
        while (zeros < text.Length && text[zeros] == '1')
        {
            zeros++;
        }

        var bytes = new byte[(text.Length * 733 / 1000) + 1];
        var length = 0;
        for (var i = zeros; i < text.Length; i++)
        {
            var c = text[i];
            var value = c < 128 ? Indexes[c] : (sbyte)-1;
            if (value < 0)
            {
                throw new BsvFormatException($"Invalid Base58: character '{c}' at position {i} is not in the alphabet.");
            }

            int carry = value;
            var j = 0;
            for (; j < length || carry != 0; j++)
            {
                carry += bytes[j] * 58;
                bytes[j] = (byte)carry;
                carry >>= 8;
            }

            length = j;
        }

        var result = new byte[zeros + length];
        for (var i = 0; i < length; i++)
        {
            result[zeros + i] = bytes[length - 1 - i];
        }

        return result;
    }

    /// <summary>Encodes a payload with a 4-byte double-SHA-256 checksum.</summary>
    /// <param name="payload">The version byte(s) and data.</param>
    public static string EncodeCheck(ReadOnlySpan<byte> payload)
    {
        var buffer = new byte[payload.Length + 4];
        payload.CopyTo(buffer);
        Span<byte> hash = stackalloc byte[32];
        Hashes.Sha256d(payload, hash);
        hash[..4].CopyTo(buffer.AsSpan(payload.Length));
        return Encode(buffer);
    }

    /// <summary>Decodes Base58Check text and verifies its checksum.</summary>
    /// <param name="text">The text.</param>
    /// <exception cref="BsvFormatException">Bad characters, too short, or a checksum mismatch.</exception>
    public static byte[] DecodeCheck(string text)
    {
        var data = Decode(text);
        if (data.Length < 5)
        {
            throw new BsvFormatException($"Invalid Base58Check: {data.Length} bytes is too short for a payload and checksum.");
        }

        var payload = data.AsSpan(0, data.Length - 4);
        Span<byte> hash = stackalloc byte[32];
        Hashes.Sha256d(payload, hash);
        if (!CryptographicOperations.FixedTimeEquals(hash[..4], data.AsSpan(data.Length - 4)))
        {
            throw new BsvFormatException("Invalid Base58Check: checksum mismatch.");
        }

        return payload.ToArray();
    }

    private static sbyte[] BuildIndexes()
    {
        var indexes = new sbyte[128];
        Array.Fill(indexes, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++)
        {
            indexes[Alphabet[i]] = (sbyte)i;
        }

        return indexes;
    }
}
