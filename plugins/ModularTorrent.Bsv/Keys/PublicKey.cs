using ModularTorrent.Bsv.Crypto;
using ModularTorrent.Bsv.Encoding;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;

namespace ModularTorrent.Bsv.Keys;

/// <summary>A secp256k1 public key (a point on the curve, never infinity), with SEC encodings and P2PKH addresses.</summary>
public sealed class PublicKey : IEquatable<PublicKey>
{
    private byte[]? _compressed;

    internal PublicKey(ECPoint point)
    {
        if (point.IsInfinity)
        {
            throw new BsvFormatException("Invalid public key: the point at infinity.");
        }

        Point = point.Normalize();
    }

    /// <summary>The affine point.</summary>
    public ECPoint Point { get; }

    /// <summary>Parses a SEC-encoded key: 33 bytes compressed (02/03) or 65 bytes uncompressed (04).</summary>
    /// <param name="encoded">The encoding.</param>
    /// <exception cref="BsvFormatException">Wrong length or prefix, or a point not on the curve.</exception>
    public static PublicKey FromBytes(ReadOnlySpan<byte> encoded)
    {
        var prefix = encoded.Length > 0 ? encoded[0] : -1;
        var valid = (encoded.Length == 33 && (prefix == 0x02 || prefix == 0x03)) || (encoded.Length == 65 && prefix == 0x04);
        if (!valid)
        {
            throw new BsvFormatException($"Invalid public key: {encoded.Length} bytes with prefix 0x{prefix & 0xff:x2} is not a compressed (02/03, 33 bytes) or uncompressed (04, 65 bytes) SEC encoding.");
        }

        // Field elements must be below p, and the point must satisfy y² = x³ + 7.
        var p = Secp256k1.Curve.Field.Characteristic;
        var x = new BigInteger(1, encoded.Slice(1, 32).ToArray());
        if (x.CompareTo(p) >= 0)
        {
            throw new BsvFormatException("Invalid public key: the x coordinate is not below the field prime.");
        }

        if (prefix == 0x04)
        {
            var y = new BigInteger(1, encoded.Slice(33, 32).ToArray());
            if (y.CompareTo(p) >= 0)
            {
                throw new BsvFormatException("Invalid public key: the y coordinate is not below the field prime.");
            }

            var lhs = y.Multiply(y).Mod(p);
            var rhs = x.Pow(3).Add(BigInteger.ValueOf(7)).Mod(p);
            if (!lhs.Equals(rhs))
            {
                throw new BsvFormatException("Invalid public key: the point is not on the secp256k1 curve.");
            }
        }

        try
        {
            return new PublicKey(Secp256k1.Curve.DecodePoint(encoded.ToArray()));
        }
        catch (ArgumentException ex)
        {
            throw new BsvFormatException("Invalid public key: the point is not on the secp256k1 curve.", ex);
        }
    }

    /// <summary>Parses hex of a SEC-encoded key.</summary>
    /// <param name="hex">The encoding as hex.</param>
    public static PublicKey FromHex(string hex) => FromBytes(Hex.Decode(hex));

    /// <summary>The 33-byte compressed SEC encoding.</summary>
    public byte[] ToCompressed() => (byte[])(_compressed ??= Point.GetEncoded(true)).Clone();

    /// <summary>The 65-byte uncompressed SEC encoding.</summary>
    public byte[] ToUncompressed() => Point.GetEncoded(false);

    /// <summary>HASH160 of the compressed encoding (what a P2PKH script locks to).</summary>
    public byte[] ToHash160() => Hashes.Hash160(_compressed ??= Point.GetEncoded(true));

    /// <summary>The P2PKH address of the compressed key.</summary>
    /// <param name="network">Mainnet or testnet.</param>
    public string ToAddress(Network network = Network.Mainnet) => P2pkhAddress.FromPublicKeyHash(ToHash160(), network).ToString();

    /// <summary>
    /// BRC-42 child public key, as the sender computes it for this recipient:
    /// P + HMAC-SHA256(key = compressed shared point, message = UTF-8 invoice number)·G.
    /// </summary>
    /// <param name="senderKey">The sender's private key.</param>
    /// <param name="invoiceNumber">The invoice number.</param>
    public PublicKey DeriveChild(PrivateKey senderKey, string invoiceNumber)
    {
        ArgumentNullException.ThrowIfNull(senderKey);
        var hmac = KeyDerivationHmac.Compute(senderKey.DeriveSharedSecret(this), invoiceNumber);
        var scalar = new BigInteger(1, hmac).Mod(Secp256k1.N);
        return new PublicKey(Point.Add(Secp256k1.MultiplyG(scalar)).Normalize());
    }

    /// <summary>Verifies an ECDSA signature over a 32-byte digest with this key.</summary>
    /// <param name="digest">The 32-byte digest.</param>
    /// <param name="signature">The signature.</param>
    public bool Verify(ReadOnlySpan<byte> digest, EcdsaSignature signature) => Ecdsa.Verify(digest, signature, this);

    /// <inheritdoc />
    public bool Equals(PublicKey? other) => other is not null && Point.Equals(other.Point);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as PublicKey);

    /// <inheritdoc />
    public override int GetHashCode() => Point.AffineXCoord.ToBigInteger().GetHashCode();

    /// <summary>Compressed SEC encoding as hex.</summary>
    public override string ToString() => Hex.Encode(_compressed ??= Point.GetEncoded(true));
}
