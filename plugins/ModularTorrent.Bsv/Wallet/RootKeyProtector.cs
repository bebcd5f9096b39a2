using System.Buffers.Binary;
using System.Security.Cryptography;
using ModularTorrent.Bsv.Keys;

namespace ModularTorrent.Bsv.Wallet;

/// <summary>
/// Encrypts the wallet's root key at rest: AES-256-GCM under a key derived from the configured secret with
/// PBKDF2-HMAC-SHA256 and a random salt. Layout: version (1) ‖ iterations (4, LE) ‖ salt (16) ‖ nonce (12) ‖
/// tag (16) ‖ ciphertext (32); the header bytes are authenticated as associated data.
/// </summary>
public static class RootKeyProtector
{
    private const byte FormatVersion = 1;
    private const int HeaderLength = 1 + 4 + 16;
    private const int NonceLength = 12;
    private const int TagLength = 16;
    private const int KeyLength = 32;

    /// <summary>The length of an encrypted root key.</summary>
    public const int EncryptedLength = HeaderLength + NonceLength + TagLength + KeyLength;

    /// <summary>Encrypts <paramref name="root"/>.</summary>
    /// <param name="root">The root key.</param>
    /// <param name="secret">The configured secret.</param>
    /// <param name="iterations">PBKDF2 iterations.</param>
    public static byte[] Protect(PrivateKey root, string secret, int iterations)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var blob = new byte[EncryptedLength];
        blob[0] = FormatVersion;
        BinaryPrimitives.WriteInt32LittleEndian(blob.AsSpan(1), iterations);
        RandomNumberGenerator.Fill(blob.AsSpan(5, 16));
        var nonce = blob.AsSpan(HeaderLength, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        var key = DeriveKey(secret, blob.AsSpan(5, 16), iterations);
        var plain = root.ToBytes();
        try
        {
            using var aes = new AesGcm(key, TagLength);
            aes.Encrypt(nonce, plain, blob.AsSpan(HeaderLength + NonceLength + TagLength, KeyLength), blob.AsSpan(HeaderLength + NonceLength, TagLength), blob.AsSpan(0, HeaderLength));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
            CryptographicOperations.ZeroMemory(key);
        }

        return blob;
    }

    /// <summary>Decrypts a root key.</summary>
    /// <param name="blob">The encrypted key.</param>
    /// <param name="secret">The configured secret.</param>
    /// <exception cref="WalletException">The blob is malformed, or the secret does not decrypt it.</exception>
    public static PrivateKey Unprotect(ReadOnlySpan<byte> blob, string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        if (blob.Length != EncryptedLength || blob[0] != FormatVersion)
        {
            throw new WalletException($"The stored root key is not in the expected format (version {FormatVersion}, {EncryptedLength} bytes).");
        }

        var iterations = BinaryPrimitives.ReadInt32LittleEndian(blob[1..]);
        if (iterations < 1)
        {
            throw new WalletException("The stored root key has an invalid iteration count.");
        }

        var key = DeriveKey(secret, blob.Slice(5, 16), iterations);
        var plain = new byte[KeyLength];
        try
        {
            using var aes = new AesGcm(key, TagLength);
            aes.Decrypt(blob.Slice(HeaderLength, NonceLength), blob.Slice(HeaderLength + NonceLength + TagLength, KeyLength), blob.Slice(HeaderLength + NonceLength, TagLength), plain, blob[..HeaderLength]);
            return PrivateKey.FromBytes(plain);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new WalletException("The configured Wallet:RootKeySecret does not decrypt the stored root key.", ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static byte[] DeriveKey(string secret, ReadOnlySpan<byte> salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(secret, salt, iterations, HashAlgorithmName.SHA256, 32);
}
