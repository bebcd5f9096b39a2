using System.Buffers.Binary;
using System.Security.Cryptography;
using Org.BouncyCastle.Math;

namespace ModularTorrent.Bsv.Crypto;

/// <summary>
/// Modular inversion modulo the group order n by the binary extended Euclidean algorithm on four 64-bit limbs:
/// a few microseconds and no heap churn, where <see cref="BigInteger.ModInverse"/> allocates ~80 KB per call.
/// The algorithm's running time depends on its input, so a secret input (a nonce) is blinded first:
/// k⁻¹ = b · (k·b)⁻¹ with a fresh random b, so the timing only ever depends on a random value.
/// </summary>
internal static class ScalarInverse
{
    private static readonly UInt256 Order = UInt256.FromBigInteger(Secp256k1.N);

    /// <summary>x⁻¹ mod n for 0 &lt; x &lt; n.</summary>
    /// <param name="x">The value.</param>
    /// <param name="secret">Blind the inversion (for nonces).</param>
    public static BigInteger Invert(BigInteger x, bool secret)
    {
        if (!secret)
        {
            return Invert(UInt256.FromBigInteger(x)).ToBigInteger();
        }

        Span<byte> random = stackalloc byte[32];
        BigInteger blind;
        do
        {
            RandomNumberGenerator.Fill(random);
            blind = new BigInteger(1, random.ToArray());
        }
        while (blind.SignValue == 0 || blind.CompareTo(Secp256k1.N) >= 0);

        var blinded = x.Multiply(blind).Mod(Secp256k1.N);
        return Invert(UInt256.FromBigInteger(blinded)).ToBigInteger().Multiply(blind).Mod(Secp256k1.N);
    }

    private static UInt256 Invert(UInt256 a)
    {
        if (a.IsZero)
        {
            throw new ArgumentException("Zero has no inverse modulo n.");
        }

        var u = a;
        var v = Order;
        var x1 = UInt256.One;
        var x2 = UInt256.Zero;
        while (!u.IsOne && !v.IsOne)
        {
            while (u.IsEven)
            {
                u = u.ShiftRight1(0);
                x1 = HalveModOrder(x1);
            }

            while (v.IsEven)
            {
                v = v.ShiftRight1(0);
                x2 = HalveModOrder(x2);
            }

            if (u.CompareTo(v) >= 0)
            {
                u = u.Subtract(v, out _);
                x1 = SubtractModOrder(x1, x2);
            }
            else
            {
                v = v.Subtract(u, out _);
                x2 = SubtractModOrder(x2, x1);
            }
        }

        return u.IsOne ? x1 : x2;
    }

    private static UInt256 HalveModOrder(UInt256 x)
    {
        if (x.IsEven)
        {
            return x.ShiftRight1(0);
        }

        var sum = x.Add(Order, out var carry);
        return sum.ShiftRight1(carry);
    }

    private static UInt256 SubtractModOrder(UInt256 a, UInt256 b)
    {
        var difference = a.Subtract(b, out var borrow);
        return borrow != 0 ? difference.Add(Order, out _) : difference;
    }

    private readonly struct UInt256(ulong l0, ulong l1, ulong l2, ulong l3)
    {
        private readonly ulong _l0 = l0;
        private readonly ulong _l1 = l1;
        private readonly ulong _l2 = l2;
        private readonly ulong _l3 = l3;

        public static UInt256 Zero => default;

        public static UInt256 One => new(1, 0, 0, 0);

        public bool IsZero => (_l0 | _l1 | _l2 | _l3) == 0;

        public bool IsOne => _l0 == 1 && (_l1 | _l2 | _l3) == 0;

        public bool IsEven => (_l0 & 1) == 0;

        public static UInt256 FromBigInteger(BigInteger value)
        {
            Span<byte> bytes = stackalloc byte[32];
            Secp256k1.To32Bytes(value, bytes);
            return new UInt256(
                BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]),
                BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
                BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
                BinaryPrimitives.ReadUInt64BigEndian(bytes));
        }

        public BigInteger ToBigInteger()
        {
            var bytes = new byte[32];
            BinaryPrimitives.WriteUInt64BigEndian(bytes, _l3);
            BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(8), _l2);
            BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(16), _l1);
            BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(24), _l0);
            return new BigInteger(1, bytes);
        }

        public int CompareTo(UInt256 other) =>
            _l3 != other._l3 ? _l3.CompareTo(other._l3)
            : _l2 != other._l2 ? _l2.CompareTo(other._l2)
            : _l1 != other._l1 ? _l1.CompareTo(other._l1)
            : _l0.CompareTo(other._l0);

        /// <summary>Shifts right by one, shifting <paramref name="topBit"/> (0 or 1) into bit 255.</summary>
        public UInt256 ShiftRight1(ulong topBit) => new(
            (_l0 >> 1) | (_l1 << 63),
            (_l1 >> 1) | (_l2 << 63),
            (_l2 >> 1) | (_l3 << 63),
            (_l3 >> 1) | (topBit << 63));

        public UInt256 Add(UInt256 other, out ulong carry)
        {
            var r0 = _l0 + other._l0;
            var c = r0 < _l0 ? 1UL : 0UL;
            var r1 = _l1 + other._l1 + c;
            c = r1 < _l1 || (c == 1 && r1 == _l1) ? 1UL : 0UL;
            var r2 = _l2 + other._l2 + c;
            c = r2 < _l2 || (c == 1 && r2 == _l2) ? 1UL : 0UL;
            var r3 = _l3 + other._l3 + c;
            carry = r3 < _l3 || (c == 1 && r3 == _l3) ? 1UL : 0UL;
            return new UInt256(r0, r1, r2, r3);
        }

        public UInt256 Subtract(UInt256 other, out ulong borrow)
        {
            var r0 = _l0 - other._l0;
            var b = _l0 < other._l0 ? 1UL : 0UL;
            var r1 = _l1 - other._l1 - b;
            b = _l1 < other._l1 || (b == 1 && _l1 == other._l1) ? 1UL : 0UL;
            var r2 = _l2 - other._l2 - b;
            b = _l2 < other._l2 || (b == 1 && _l2 == other._l2) ? 1UL : 0UL;
            var r3 = _l3 - other._l3 - b;
            borrow = _l3 < other._l3 || (b == 1 && _l3 == other._l3) ? 1UL : 0UL;
            return new UInt256(r0, r1, r2, r3);
        }
    }
}
