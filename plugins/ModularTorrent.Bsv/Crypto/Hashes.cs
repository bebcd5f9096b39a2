using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;

namespace ModularTorrent.Bsv.Crypto;

/// <summary>The hash functions of the protocol: SHA-256, double SHA-256, and HASH160 (RIPEMD-160 of SHA-256).</summary>
public static class Hashes
{
    /// <summary>SHA-256 of <paramref name="data"/> into <paramref name="destination"/> (32 bytes).</summary>
    /// <param name="data">The input.</param>
    /// <param name="destination">32 bytes.</param>
    public static void Sha256(ReadOnlySpan<byte> data, Span<byte> destination) => SHA256.HashData(data, destination);

    /// <summary>SHA-256 of <paramref name="data"/>.</summary>
    /// <param name="data">The input.</param>
    public static byte[] Sha256(ReadOnlySpan<byte> data) => SHA256.HashData(data);

    /// <summary>SHA-256 applied twice, into <paramref name="destination"/> (32 bytes).</summary>
    /// <param name="data">The input.</param>
    /// <param name="destination">32 bytes.</param>
    public static void Sha256d(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        Span<byte> first = stackalloc byte[32];
        SHA256.HashData(data, first);
        SHA256.HashData(first, destination);
    }

    /// <summary>SHA-256 applied twice.</summary>
    /// <param name="data">The input.</param>
    public static byte[] Sha256d(ReadOnlySpan<byte> data)
    {
        var result = new byte[32];
        Sha256d(data, result);
        return result;
    }

    /// <summary>RIPEMD-160 of SHA-256 (the 20-byte hash in P2PKH scripts and addresses).</summary>
    /// <param name="data">The input.</param>
    public static byte[] Hash160(ReadOnlySpan<byte> data)
    {
        Span<byte> sha = stackalloc byte[32];
        SHA256.HashData(data, sha);
        var ripemd = new RipeMD160Digest();
        var shaArray = sha.ToArray();
        ripemd.BlockUpdate(shaArray, 0, shaArray.Length);
        var result = new byte[20];
        ripemd.DoFinal(result, 0);
        return result;
    }

    /// <summary>HMAC-SHA256.</summary>
    /// <param name="key">The key.</param>
    /// <param name="data">The message.</param>
    public static byte[] HmacSha256(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) => HMACSHA256.HashData(key, data);
}
