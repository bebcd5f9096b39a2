using System.Security.Cryptography;
using ModularTorrent.Bsv.Crypto;
using ModularTorrent.Bsv.Encoding;
using Org.BouncyCastle.Math;

namespace ModularTorrent.Bsv.Keys;

/// <summary>
/// A secp256k1 private key: a scalar d with 0 &lt; d &lt; n. <see cref="ToString"/> never prints the secret.
/// </summary>
public sealed class PrivateKey : IEquatable<PrivateKey>
{
    private PublicKey? _publicKey;

    private PrivateKey(BigInteger d)
    {
        D = d;
    }

    /// <summary>The scalar.</summary>
    public BigInteger D { get; }

    /// <summary>The matching public key, computed once.</summary>
    public PublicKey PublicKey => _publicKey ??= new PublicKey(Secp256k1.MultiplyG(D));

    /// <summary>Creates a key from the scalar.</summary>
    /// <param name="d">0 &lt; d &lt; n.</param>
    /// <exception cref="BsvFormatException">The scalar is zero or not below n.</exception>
    public static PrivateKey FromScalar(BigInteger d)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (d.SignValue <= 0 || d.CompareTo(Secp256k1.N) >= 0)
        {
            throw new BsvFormatException("Invalid private key: the scalar must be between 1 and n-1.");
        }

        return new PrivateKey(d);
    }

    /// <summary>Creates a key from 32 big-endian bytes.</summary>
    /// <param name="bytes">32 bytes.</param>
    public static PrivateKey FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 32)
        {
            throw new BsvFormatException($"Invalid private key: 32 bytes expected, got {bytes.Length}.");
        }

        return FromScalar(Secp256k1.ToBigInteger(bytes));
    }

    /// <summary>Creates a key from 64 hex characters.</summary>
    /// <param name="hex">The scalar as hex.</param>
    public static PrivateKey FromHex(string hex) => FromBytes(Hex.Decode(hex));

    /// <summary>A new key from the operating system's CSPRNG.</summary>
    public static PrivateKey Random()
    {
        Span<byte> bytes = stackalloc byte[32];
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            var d = Secp256k1.ToBigInteger(bytes);
            if (d.SignValue > 0 && d.CompareTo(Secp256k1.N) < 0)
            {
                CryptographicOperations.ZeroMemory(bytes);
                return new PrivateKey(d);
            }
        }
    }

    /// <summary>Parses a WIF (Wallet Import Format) key and reports its network and compression flag.</summary>
    /// <param name="wif">The Base58Check text.</param>
    /// <param name="network">The network its version byte names.</param>
    /// <param name="compressed">Whether the key is marked for compressed public keys.</param>
    public static PrivateKey FromWif(string wif, out Network network, out bool compressed)
    {
        var payload = Base58.DecodeCheck(wif);
        network = payload[0] switch
        {
            0x80 => Network.Mainnet,
            0xef => Network.Testnet,
            _ => throw new BsvFormatException($"Invalid WIF: unknown version byte 0x{payload[0]:x2}."),
        };
        if (payload.Length == 34 && payload[33] == 0x01)
        {
            compressed = true;
        }
        else if (payload.Length == 33)
        {
            compressed = false;
        }
        else
        {
            throw new BsvFormatException($"Invalid WIF: payload of {payload.Length} bytes is neither 33 nor 34 with the 0x01 flag.");
        }

        var key = FromBytes(payload.AsSpan(1, 32));
        CryptographicOperations.ZeroMemory(payload);
        return key;
    }

    /// <summary>Parses a WIF key.</summary>
    /// <param name="wif">The Base58Check text.</param>
    public static PrivateKey FromWif(string wif) => FromWif(wif, out _, out _);

    /// <summary>The 32 big-endian bytes of the scalar. The caller should wipe them after use.</summary>
    public byte[] ToBytes() => Secp256k1.To32Bytes(D);

    /// <summary>The scalar as 64 hex characters.</summary>
    public string ToHex() => Hex.Encode(ToBytes());

    /// <summary>The key in Wallet Import Format.</summary>
    /// <param name="network">Mainnet or testnet version byte.</param>
    /// <param name="compressed">Mark the key for compressed public keys (the norm).</param>
    public string ToWif(Network network = Network.Mainnet, bool compressed = true)
    {
        var payload = new byte[compressed ? 34 : 33];
        payload[0] = NetworkPrefixes.Wif(network);
        Secp256k1.To32Bytes(D, payload.AsSpan(1));
        if (compressed)
        {
            payload[33] = 0x01;
        }

        var text = Base58.EncodeCheck(payload);
        CryptographicOperations.ZeroMemory(payload);
        return text;
    }

    /// <summary>ECDH: the shared point d·P with another party's public key.</summary>
    /// <param name="other">The other party's public key.</param>
    public PublicKey DeriveSharedSecret(PublicKey other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new PublicKey(other.Point.Multiply(D).Normalize());
    }

    /// <summary>
    /// BRC-42 child private key: (d + HMAC-SHA256(key = compressed shared point with the counterparty,
    /// message = UTF-8 invoice number)) mod n.
    /// </summary>
    /// <param name="counterparty">The other party's public key.</param>
    /// <param name="invoiceNumber">The invoice number (BRC-43 form, or any string).</param>
    public PrivateKey DeriveChild(PublicKey counterparty, string invoiceNumber)
    {
        var hmac = KeyDerivationHmac.Compute(DeriveSharedSecret(counterparty), invoiceNumber);
        var child = D.Add(new BigInteger(1, hmac)).Mod(Secp256k1.N);
        return FromScalar(child);
    }

    /// <summary>Signs a 32-byte digest (RFC 6979 nonce, low-S).</summary>
    /// <param name="digest">The 32-byte message digest.</param>
    public EcdsaSignature Sign(ReadOnlySpan<byte> digest) => Ecdsa.Sign(digest, this);

    /// <inheritdoc />
    public bool Equals(PrivateKey? other) => other is not null && D.Equals(other.D);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as PrivateKey);

    /// <inheritdoc />
    public override int GetHashCode() => PublicKey.GetHashCode();

    /// <summary>Never reveals the secret: shows the public key instead.</summary>
    public override string ToString() => $"PrivateKey(pub {PublicKey})";
}
