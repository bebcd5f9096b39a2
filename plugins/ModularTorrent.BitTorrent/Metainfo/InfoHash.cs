using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace ModularTorrent.BitTorrent.Metainfo;

/// <summary>A v1 info-hash: the SHA-1 of the bencoded <c>info</c> dictionary exactly as received. Immutable, 20 bytes.</summary>
public readonly struct InfoHash : IEquatable<InfoHash>
{
    /// <summary>Length of a v1 info-hash in bytes.</summary>
    public const int Length = 20;

    private readonly byte[]? _bytes;

    /// <summary>Copies 20 bytes into a new info-hash.</summary>
    /// <exception cref="ArgumentException">The span is not 20 bytes.</exception>
    public InfoHash(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
        {
            throw new ArgumentException($"An info-hash is {Length} bytes, got {bytes.Length}.", nameof(bytes));
        }

        _bytes = bytes.ToArray();
    }

    /// <summary>True for <c>default(InfoHash)</c>, which holds no bytes.</summary>
    public bool IsEmpty => _bytes is null;

    /// <summary>The 20 bytes (empty for <c>default</c>).</summary>
    public ReadOnlySpan<byte> AsSpan() => _bytes;

    /// <summary>The 20 bytes as memory (empty for <c>default</c>).</summary>
    public ReadOnlyMemory<byte> AsMemory() => _bytes;

    /// <summary>A copy of the 20 bytes.</summary>
    public byte[] ToArray() => _bytes is null ? [] : (byte[])_bytes.Clone();

    /// <summary>SHA-1 of <paramref name="infoDictionary"/>, the raw bencoded bytes of the info dictionary.</summary>
    public static InfoHash Compute(ReadOnlySpan<byte> infoDictionary)
    {
        Span<byte> hash = stackalloc byte[Length];
        SHA1.HashData(infoDictionary, hash);
        return new InfoHash(hash);
    }

    /// <summary>Lower-case hexadecimal, 40 characters.</summary>
    public string ToHex() => Convert.ToHexStringLower(AsSpan());

    /// <summary>Upper-case base32, 32 characters (the alternative magnet form).</summary>
    public string ToBase32() => Base32.Encode(AsSpan());

    /// <summary>Parses 40 hexadecimal characters (either case).</summary>
    /// <exception cref="FormatException">Not 40 hex characters.</exception>
    public static InfoHash FromHex(string hex) =>
        TryParseHex(hex, out var hash) ? hash : throw new FormatException("An info-hash in hex is 40 hexadecimal characters.");

    /// <summary>Parses 40 hex characters or 32 base32 characters.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out InfoHash hash)
    {
        hash = default;
        if (text is null)
        {
            return false;
        }

        if (text.Length == 40)
        {
            return TryParseHex(text, out hash);
        }

        if (text.Length == 32)
        {
            Span<byte> bytes = stackalloc byte[Length];
            if (Base32.TryDecode(text, bytes))
            {
                hash = new InfoHash(bytes);
                return true;
            }
        }

        return false;
    }

    /// <summary>Parses 40 hex characters or 32 base32 characters.</summary>
    /// <exception cref="FormatException">Neither form.</exception>
    public static InfoHash Parse(string text) =>
        TryParse(text, out var hash) ? hash : throw new FormatException("An info-hash is 40 hexadecimal or 32 base32 characters.");

    /// <inheritdoc />
    public bool Equals(InfoHash other) => AsSpan().SequenceEqual(other.AsSpan());

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is InfoHash other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _bytes is null ? 0 : BinaryPrimitives.ReadInt32LittleEndian(_bytes);

    /// <inheritdoc />
    public override string ToString() => ToHex();

    /// <summary>Equality.</summary>
    public static bool operator ==(InfoHash left, InfoHash right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(InfoHash left, InfoHash right) => !left.Equals(right);

    private static bool TryParseHex(string? hex, out InfoHash hash)
    {
        hash = default;
        if (hex is null || hex.Length != 40)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[Length];
        if (Convert.FromHexString(hex, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != Length)
        {
            return false;
        }

        hash = new InfoHash(bytes);
        return true;
    }
}
