using System.Security.Cryptography;
using Org.BouncyCastle.Math;

namespace ModularTorrent.Bsv.Crypto;

/// <summary>
/// Deterministic ECDSA nonces (RFC 6979, section 3.2) with HMAC-SHA256 over secp256k1's 256-bit order:
/// the same key and digest always give the same k, so a bad random source can never leak the key.
/// </summary>
public sealed class Rfc6979
{
    private readonly byte[] _k = new byte[32];
    private readonly byte[] _v = new byte[32];
    private bool _first;

    /// <summary>Seeds the generator with the private key and the message digest.</summary>
    /// <param name="privateKey">The private scalar as 32 big-endian bytes.</param>
    /// <param name="digest">The 32-byte digest (reduced mod n for h1, as bits2octets requires).</param>
    public Rfc6979(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> digest)
    {
        if (privateKey.Length != 32 || digest.Length != 32)
        {
            throw new ArgumentException("RFC 6979 needs a 32-byte key and a 32-byte digest.");
        }

        Span<byte> h1 = stackalloc byte[32];
        var z = Secp256k1.ToBigInteger(digest);
        if (z.CompareTo(Secp256k1.N) >= 0)
        {
            z = z.Subtract(Secp256k1.N);
        }

        Secp256k1.To32Bytes(z, h1);

        _v.AsSpan().Fill(0x01);
        Span<byte> seed = stackalloc byte[32 + 1 + 32 + 32];
        _v.CopyTo(seed);
        privateKey.CopyTo(seed[33..]);
        h1.CopyTo(seed[65..]);

        seed[32] = 0x00;
        HMACSHA256.HashData(_k, seed, _k);
        HMACSHA256.HashData(_k, _v, _v);
        _v.CopyTo(seed);
        seed[32] = 0x01;
        HMACSHA256.HashData(_k, seed, _k);
        HMACSHA256.HashData(_k, _v, _v);
        CryptographicOperations.ZeroMemory(seed);
        _first = true;
    }

    /// <summary>The next candidate nonce in [1, n−1]; call again if the signature came out with r or s zero.</summary>
    public BigInteger Next()
    {
        Span<byte> retry = stackalloc byte[33];
        while (true)
        {
            if (!_first)
            {
                _v.CopyTo(retry);
                retry[32] = 0x00;
                HMACSHA256.HashData(_k, retry, _k);
                HMACSHA256.HashData(_k, _v, _v);
            }

            _first = false;
            HMACSHA256.HashData(_k, _v, _v);
            var k = new BigInteger(1, _v);
            if (k.SignValue > 0 && k.CompareTo(Secp256k1.N) < 0)
            {
                return k;
            }
        }
    }
}
