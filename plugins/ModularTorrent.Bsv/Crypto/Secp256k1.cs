using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Math.EC.Multiplier;

namespace ModularTorrent.Bsv.Crypto;

/// <summary>
/// The secp256k1 curve. Uses BouncyCastle's custom (specialised field arithmetic, GLV endomorphism) curve;
/// multiplication by G goes through a fixed-point comb whose table is built once, which is what makes
/// signing fast; verification uses the interleaved (Shamir) double multiply.
/// </summary>
public static class Secp256k1
{
    private static readonly X9ECParameters Parameters = CustomNamedCurves.GetByName("secp256k1");
    private static readonly FixedPointCombMultiplier Comb = new();

    /// <summary>The curve.</summary>
    public static ECCurve Curve { get; } = Parameters.Curve;

    /// <summary>The generator point G.</summary>
    public static ECPoint G { get; } = Parameters.G;

    /// <summary>The group order n.</summary>
    public static BigInteger N { get; } = Parameters.N;

    /// <summary>n / 2, the bound for low-S signatures.</summary>
    public static BigInteger HalfN { get; } = Parameters.N.ShiftRight(1);

    static Secp256k1()
    {
        // Build the comb table now, not on the first signature.
        _ = Comb.Multiply(G, BigInteger.One).Normalize();
    }

    /// <summary>k·G, normalized (affine).</summary>
    /// <param name="k">The scalar, 0 &lt; k &lt; n.</param>
    public static ECPoint MultiplyG(BigInteger k) => Comb.Multiply(G, k).Normalize();

    /// <summary>a·G + b·Q, normalized.</summary>
    /// <param name="a">The scalar for G.</param>
    /// <param name="q">The other point.</param>
    /// <param name="b">The scalar for Q.</param>
    public static ECPoint SumOfTwoMultiplies(BigInteger a, ECPoint q, BigInteger b) =>
        ECAlgorithms.SumOfTwoMultiplies(G, a, q, b).Normalize();

    /// <summary>Reads 32 big-endian bytes as an unsigned integer.</summary>
    /// <param name="bytes">Big-endian bytes.</param>
    public static BigInteger ToBigInteger(ReadOnlySpan<byte> bytes) => new(1, bytes.ToArray());

    /// <summary>Writes <paramref name="value"/> as exactly 32 big-endian bytes.</summary>
    /// <param name="value">A value below 2^256.</param>
    /// <param name="destination">32 bytes.</param>
    public static void To32Bytes(BigInteger value, Span<byte> destination)
    {
        var bytes = value.ToByteArrayUnsigned();
        if (bytes.Length > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "The value does not fit in 32 bytes.");
        }

        destination[..32].Clear();
        bytes.CopyTo(destination[(32 - bytes.Length)..]);
    }

    /// <summary>Writes <paramref name="value"/> as exactly 32 big-endian bytes.</summary>
    /// <param name="value">A value below 2^256.</param>
    public static byte[] To32Bytes(BigInteger value)
    {
        var result = new byte[32];
        To32Bytes(value, result);
        return result;
    }
}
