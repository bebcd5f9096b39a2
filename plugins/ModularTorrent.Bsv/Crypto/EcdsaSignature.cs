using ModularTorrent.Bsv.Encoding;
using Org.BouncyCastle.Math;

namespace ModularTorrent.Bsv.Crypto;

/// <summary>An ECDSA signature (r, s) with strict DER and 64-byte compact encodings.</summary>
public sealed class EcdsaSignature : IEquatable<EcdsaSignature>
{
    /// <summary>Creates a signature from its two scalars.</summary>
    /// <param name="r">r, 0 &lt; r &lt; n.</param>
    /// <param name="s">s, 0 &lt; s &lt; n.</param>
    public EcdsaSignature(BigInteger r, BigInteger s)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(s);
        R = r;
        S = s;
    }

    /// <summary>r.</summary>
    public BigInteger R { get; }

    /// <summary>s.</summary>
    public BigInteger S { get; }

    /// <summary>Whether s is at most n/2 (the canonical form BSV relays).</summary>
    public bool IsLowS => S.CompareTo(Secp256k1.HalfN) <= 0;

    /// <summary>
    /// Parses a strict DER signature (BIP 66 rules: 0x30, total length, two positive minimal INTEGERs, nothing after).
    /// </summary>
    /// <param name="der">The DER bytes, without a sighash byte.</param>
    /// <exception cref="BsvFormatException">The encoding breaks a DER rule; the message says which.</exception>
    public static EcdsaSignature FromDer(ReadOnlySpan<byte> der)
    {
        if (der.Length < 8 || der.Length > 72)
        {
            throw new BsvFormatException($"Invalid DER signature: length {der.Length} is outside 8..72.");
        }

        if (der[0] != 0x30)
        {
            throw new BsvFormatException($"Invalid DER signature: expected SEQUENCE tag 0x30, got 0x{der[0]:x2}.");
        }

        if (der[1] != der.Length - 2)
        {
            throw new BsvFormatException($"Invalid DER signature: sequence length {der[1]} does not match the {der.Length - 2} bytes that follow.");
        }

        var offset = 2;
        var r = ReadInteger(der, ref offset, "r");
        var s = ReadInteger(der, ref offset, "s");
        if (offset != der.Length)
        {
            throw new BsvFormatException($"Invalid DER signature: {der.Length - offset} trailing bytes.");
        }

        return new EcdsaSignature(r, s);
    }

    /// <summary>Parses a 64-byte compact signature (r ‖ s, big-endian).</summary>
    /// <param name="compact">64 bytes.</param>
    public static EcdsaSignature FromCompact(ReadOnlySpan<byte> compact)
    {
        if (compact.Length != 64)
        {
            throw new BsvFormatException($"Invalid compact signature: 64 bytes expected, got {compact.Length}.");
        }

        return new EcdsaSignature(Secp256k1.ToBigInteger(compact[..32]), Secp256k1.ToBigInteger(compact[32..]));
    }

    /// <summary>The DER encoding.</summary>
    public byte[] ToDer()
    {
        var r = R.ToByteArray(); // two's complement: a leading 0x00 when the top bit is set, as DER needs
        var s = S.ToByteArray();
        var result = new byte[6 + r.Length + s.Length];
        result[0] = 0x30;
        result[1] = (byte)(4 + r.Length + s.Length);
        result[2] = 0x02;
        result[3] = (byte)r.Length;
        r.CopyTo(result, 4);
        result[4 + r.Length] = 0x02;
        result[5 + r.Length] = (byte)s.Length;
        s.CopyTo(result, 6 + r.Length);
        return result;
    }

    /// <summary>The 64-byte compact form r ‖ s.</summary>
    public byte[] ToCompact()
    {
        var result = new byte[64];
        Secp256k1.To32Bytes(R, result);
        Secp256k1.To32Bytes(S, result.AsSpan(32));
        return result;
    }

    /// <summary>The same signature with s replaced by n − s when s is above n/2.</summary>
    public EcdsaSignature ToLowS() => IsLowS ? this : new EcdsaSignature(R, Secp256k1.N.Subtract(S));

    /// <inheritdoc />
    public bool Equals(EcdsaSignature? other) => other is not null && R.Equals(other.R) && S.Equals(other.S);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as EcdsaSignature);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(R.GetHashCode(), S.GetHashCode());

    /// <summary>DER hex.</summary>
    public override string ToString() => Hex.Encode(ToDer());

    private static BigInteger ReadInteger(ReadOnlySpan<byte> der, ref int offset, string name)
    {
        if (offset + 2 > der.Length)
        {
            throw new BsvFormatException($"Invalid DER signature: truncated before INTEGER {name}.");
        }

        if (der[offset] != 0x02)
        {
            throw new BsvFormatException($"Invalid DER signature: expected INTEGER tag 0x02 for {name}, got 0x{der[offset]:x2}.");
        }

        int length = der[offset + 1];
        offset += 2;
        if (length == 0)
        {
            throw new BsvFormatException($"Invalid DER signature: zero-length INTEGER {name}.");
        }

        if (offset + length > der.Length)
        {
            throw new BsvFormatException($"Invalid DER signature: INTEGER {name} of {length} bytes runs past the end.");
        }

        var bytes = der.Slice(offset, length);
        if ((bytes[0] & 0x80) != 0)
        {
            throw new BsvFormatException($"Invalid DER signature: INTEGER {name} is negative.");
        }

        if (length > 1 && bytes[0] == 0 && (bytes[1] & 0x80) == 0)
        {
            throw new BsvFormatException($"Invalid DER signature: INTEGER {name} has excess zero padding.");
        }

        if (length > 33)
        {
            throw new BsvFormatException($"Invalid DER signature: INTEGER {name} is {length} bytes, more than 33.");
        }

        offset += length;
        return new BigInteger(1, bytes.ToArray());
    }
}
