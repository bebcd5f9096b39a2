using System.Security.Cryptography;
using ModularTorrent.Bsv.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace ModularTorrent.Bsv.Keys;

/// <summary>
/// The BRC-3 signature, BRC-2 HMAC and BRC-2 encryption operations over BRC-43 derived keys, as the reference
/// ProtoWallet performs them (signatures are over SHA-256 of the data).
/// </summary>
public sealed class ProtoWallet
{
    private const int IvLength = 32;
    private const int TagLength = 16;
    private readonly KeyDeriver _deriver;

    /// <summary>Creates the wallet over a root key.</summary>
    /// <param name="root">The root private key.</param>
    public ProtoWallet(PrivateKey root)
    {
        _deriver = new KeyDeriver(root);
    }

    /// <summary>The key deriver.</summary>
    public KeyDeriver Deriver => _deriver;

    /// <summary>BRC-3: signs SHA-256(data) with our child key; returns DER.</summary>
    /// <param name="data">The data.</param>
    /// <param name="protocol">The protocol.</param>
    /// <param name="keyId">The key id.</param>
    /// <param name="counterparty">Who will verify (default in the reference: anyone).</param>
    public byte[] CreateSignature(ReadOnlySpan<byte> data, ProtocolId protocol, string keyId, Counterparty counterparty)
    {
        var key = _deriver.DerivePrivateKey(protocol, keyId, counterparty);
        return Ecdsa.Sign(Hashes.Sha256(data), key).ToDer();
    }

    /// <summary>BRC-3: verifies a DER signature over SHA-256(data) made by the counterparty for us.</summary>
    /// <param name="data">The data.</param>
    /// <param name="signatureDer">The DER signature.</param>
    /// <param name="protocol">The protocol.</param>
    /// <param name="keyId">The key id.</param>
    /// <param name="counterparty">The signer.</param>
    /// <param name="forSelf">Verify against our own derived key instead (we were the signer).</param>
    /// <exception cref="BsvFormatException">The signature is not valid DER.</exception>
    public bool VerifySignature(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signatureDer, ProtocolId protocol, string keyId, Counterparty counterparty, bool forSelf = false)
    {
        var signature = EcdsaSignature.FromDer(signatureDer);
        var key = _deriver.DerivePublicKey(protocol, keyId, counterparty, forSelf);
        return Ecdsa.Verify(Hashes.Sha256(data), signature, key);
    }

    /// <summary>BRC-2: HMAC-SHA256 of the data under the derived symmetric key.</summary>
    /// <param name="data">The data.</param>
    /// <param name="protocol">The protocol.</param>
    /// <param name="keyId">The key id.</param>
    /// <param name="counterparty">The counterparty.</param>
    public byte[] CreateHmac(ReadOnlySpan<byte> data, ProtocolId protocol, string keyId, Counterparty counterparty) =>
        Hashes.HmacSha256(_deriver.DeriveSymmetricKey(protocol, keyId, counterparty), data);

    /// <summary>BRC-2: checks an HMAC in constant time.</summary>
    /// <param name="data">The data.</param>
    /// <param name="hmac">The HMAC to check.</param>
    /// <param name="protocol">The protocol.</param>
    /// <param name="keyId">The key id.</param>
    /// <param name="counterparty">The counterparty.</param>
    public bool VerifyHmac(ReadOnlySpan<byte> data, ReadOnlySpan<byte> hmac, ProtocolId protocol, string keyId, Counterparty counterparty) =>
        CryptographicOperations.FixedTimeEquals(CreateHmac(data, protocol, keyId, counterparty), hmac);

    /// <summary>BRC-2: AES-256-GCM with a random 32-byte IV; output is IV ‖ ciphertext ‖ 16-byte tag.</summary>
    /// <param name="plaintext">The plaintext.</param>
    /// <param name="protocol">The protocol.</param>
    /// <param name="keyId">The key id.</param>
    /// <param name="counterparty">The counterparty.</param>
    public byte[] Encrypt(ReadOnlySpan<byte> plaintext, ProtocolId protocol, string keyId, Counterparty counterparty)
    {
        var iv = RandomNumberGenerator.GetBytes(IvLength);
        var cipher = CreateGcm(true, _deriver.DeriveSymmetricKey(protocol, keyId, counterparty), iv);
        var output = new byte[IvLength + cipher.GetOutputSize(plaintext.Length)];
        iv.CopyTo(output, 0);
        var input = plaintext.ToArray();
        var n = cipher.ProcessBytes(input, 0, input.Length, output, IvLength);
        cipher.DoFinal(output, IvLength + n);
        return output;
    }

    /// <summary>BRC-2: decrypts IV ‖ ciphertext ‖ tag.</summary>
    /// <param name="ciphertext">The encrypted message.</param>
    /// <param name="protocol">The protocol.</param>
    /// <param name="keyId">The key id.</param>
    /// <param name="counterparty">The counterparty.</param>
    /// <exception cref="BsvFormatException">Too short, or the tag does not authenticate.</exception>
    public byte[] Decrypt(ReadOnlySpan<byte> ciphertext, ProtocolId protocol, string keyId, Counterparty counterparty)
    {
        if (ciphertext.Length < IvLength + TagLength)
        {
            throw new BsvFormatException($"BRC-2 ciphertext of {ciphertext.Length} bytes is shorter than IV and tag ({IvLength + TagLength}).");
        }

        var cipher = CreateGcm(false, _deriver.DeriveSymmetricKey(protocol, keyId, counterparty), ciphertext[..IvLength].ToArray());
        var body = ciphertext[IvLength..].ToArray();
        var output = new byte[cipher.GetOutputSize(body.Length)];
        try
        {
            var n = cipher.ProcessBytes(body, 0, body.Length, output, 0);
            n += cipher.DoFinal(output, n);
            return output.AsSpan(0, n).ToArray();
        }
        catch (Org.BouncyCastle.Crypto.InvalidCipherTextException ex)
        {
            throw new BsvFormatException("BRC-2 ciphertext does not authenticate (wrong key or tampered data).", ex);
        }
    }

    private static GcmBlockCipher CreateGcm(bool encrypt, byte[] key, byte[] iv)
    {
        var cipher = new GcmBlockCipher(new AesEngine());
        cipher.Init(encrypt, new AeadParameters(new KeyParameter(key), TagLength * 8, iv));
        return cipher;
    }
}
