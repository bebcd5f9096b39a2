using ModularTorrent.Bsv.Keys;
using Org.BouncyCastle.Math;

namespace ModularTorrent.Bsv.Crypto;

/// <summary>ECDSA over secp256k1: RFC 6979 nonces, low-S output, verification by the interleaved double multiply.</summary>
public static class Ecdsa
{
    /// <summary>Signs a 32-byte digest.</summary>
    /// <param name="digest">The 32-byte digest (not hashed again).</param>
    /// <param name="key">The private key.</param>
    public static EcdsaSignature Sign(ReadOnlySpan<byte> digest, PrivateKey key) => Sign(digest, key, out _);

    /// <summary>Signs a 32-byte digest and reports the recovery id (bit 0: R.y odd, bit 1: R.x ≥ n).</summary>
    /// <param name="digest">The 32-byte digest (not hashed again).</param>
    /// <param name="key">The private key.</param>
    /// <param name="recoveryId">0..3, adjusted for the low-S flip.</param>
    public static EcdsaSignature Sign(ReadOnlySpan<byte> digest, PrivateKey key, out int recoveryId)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (digest.Length != 32)
        {
            throw new ArgumentException($"ECDSA signs a 32-byte digest, got {digest.Length} bytes.", nameof(digest));
        }

        var n = Secp256k1.N;
        var d = key.D;
        var z = Secp256k1.ToBigInteger(digest);
        Span<byte> keyBytes = stackalloc byte[32];
        Secp256k1.To32Bytes(d, keyBytes);
        var nonces = new Rfc6979(keyBytes, digest);
        keyBytes.Clear();
        while (true)
        {
            var k = nonces.Next();
            var point = Secp256k1.MultiplyG(k);
            var x = point.AffineXCoord.ToBigInteger();
            var r = x.Mod(n);
            if (r.SignValue == 0)
            {
                continue;
            }

            var s = ScalarInverse.Invert(k, secret: true).Multiply(z.Add(d.Multiply(r))).Mod(n);
            if (s.SignValue == 0)
            {
                continue;
            }

            recoveryId = (point.AffineYCoord.TestBitZero() ? 1 : 0) | (x.CompareTo(n) >= 0 ? 2 : 0);
            if (s.CompareTo(Secp256k1.HalfN) > 0)
            {
                s = n.Subtract(s);
                recoveryId ^= 1;
            }

            return new EcdsaSignature(r, s);
        }
    }

    /// <summary>Verifies a signature over a 32-byte digest. Returns false (never throws) for a signature out of range.</summary>
    /// <param name="digest">The 32-byte digest.</param>
    /// <param name="signature">The signature (high-S is accepted here; policy checks are the caller's).</param>
    /// <param name="key">The public key.</param>
    public static bool Verify(ReadOnlySpan<byte> digest, EcdsaSignature signature, PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(key);
        if (digest.Length != 32)
        {
            return false;
        }

        var n = Secp256k1.N;
        var r = signature.R;
        var s = signature.S;
        if (r.SignValue <= 0 || s.SignValue <= 0 || r.CompareTo(n) >= 0 || s.CompareTo(n) >= 0)
        {
            return false;
        }

        var z = Secp256k1.ToBigInteger(digest);
        var w = ScalarInverse.Invert(s, secret: false);
        var u1 = z.Multiply(w).Mod(n);
        var u2 = r.Multiply(w).Mod(n);
        var point = Secp256k1.SumOfTwoMultiplies(u1, key.Point, u2);
        if (point.IsInfinity)
        {
            return false;
        }

        return point.AffineXCoord.ToBigInteger().Mod(n).Equals(r);
    }
}
