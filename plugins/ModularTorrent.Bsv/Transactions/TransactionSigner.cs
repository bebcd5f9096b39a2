using ModularTorrent.Bsv.Crypto;
using ModularTorrent.Bsv.Keys;
using ModularTorrent.Bsv.Scripts;

namespace ModularTorrent.Bsv.Transactions;

/// <summary>Signs and checks P2PKH inputs.</summary>
public static class TransactionSigner
{
    /// <summary>
    /// Signs input <paramref name="inputIndex"/> as P2PKH and sets its unlocking script. The spent output (amount and
    /// locking script) must be known on the input. Any hash type works; with FORKID the BIP143-style digest is signed.
    /// </summary>
    /// <param name="tx">The transaction.</param>
    /// <param name="inputIndex">The input.</param>
    /// <param name="key">The private key whose hash the spent output locks to.</param>
    /// <param name="hashType">The hash type; its low byte is appended to the signature.</param>
    /// <param name="cache">Shared sub-hashes when signing several inputs of one transaction, or null.</param>
    /// <returns>The DER signature followed by the hash type byte.</returns>
    public static byte[] SignP2pkhInput(Transaction tx, int inputIndex, PrivateKey key, uint hashType = SigHashType.AllForkId, SigHashCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(key);
        if (!tx.TryGetSourceOutput(inputIndex, out var amount, out var lockingScript))
        {
            throw new InvalidOperationException($"Input {inputIndex} does not carry the amount and locking script of the output it spends.");
        }

        var digest = SigHash.Compute(tx, inputIndex, lockingScript.Span, amount, hashType, cache: cache);
        var der = Ecdsa.Sign(digest, key).ToDer();
        var signature = new byte[der.Length + 1];
        der.CopyTo(signature, 0);
        signature[^1] = (byte)hashType;
        tx.Inputs[inputIndex].UnlockingScript = P2pkh.Unlock(signature, key.PublicKey);
        return signature;
    }

    /// <summary>
    /// Checks a P2PKH input: the public key hashes to the spent script's hash and the signature verifies over the
    /// digest of the hash type in its last byte.
    /// </summary>
    /// <param name="tx">The transaction.</param>
    /// <param name="inputIndex">The input.</param>
    /// <exception cref="BsvFormatException">The unlocking script, signature or key is malformed.</exception>
    public static bool VerifyP2pkhInput(Transaction tx, int inputIndex)
    {
        ArgumentNullException.ThrowIfNull(tx);
        if (!tx.TryGetSourceOutput(inputIndex, out var amount, out var lockingScript))
        {
            throw new InvalidOperationException($"Input {inputIndex} does not carry the amount and locking script of the output it spends.");
        }

        if (!P2pkh.TryGetPublicKeyHash(lockingScript.Span, out var expectedHash))
        {
            return false;
        }

        P2pkh.ParseUnlock(tx.Inputs[inputIndex].UnlockingScript.Span, out var signatureWithType, out var publicKeyBytes);
        if (!Hashes.Hash160(publicKeyBytes).AsSpan().SequenceEqual(expectedHash))
        {
            return false;
        }

        var key = PublicKey.FromBytes(publicKeyBytes);
        var signature = EcdsaSignature.FromDer(signatureWithType[..^1]);
        var digest = SigHash.Compute(tx, inputIndex, lockingScript.Span, amount, signatureWithType[^1]);
        return Ecdsa.Verify(digest, signature, key);
    }
}
