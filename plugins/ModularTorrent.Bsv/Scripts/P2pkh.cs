using ModularTorrent.Bsv.Keys;

namespace ModularTorrent.Bsv.Scripts;

/// <summary>Pay-to-public-key-hash: <c>OP_DUP OP_HASH160 &lt;20 bytes&gt; OP_EQUALVERIFY OP_CHECKSIG</c>, unlocked by a signature and a public key.</summary>
public static class P2pkh
{
    /// <summary>The length of a P2PKH locking script.</summary>
    public const int LockingScriptLength = 25;

    /// <summary>
    /// The unlocking script length used for fee estimates before signing: 1 + 73 (largest DER + sighash byte) + 1 + 33,
    /// the same bound the reference SDK uses.
    /// </summary>
    public const int EstimatedUnlockingScriptLength = 108;

    /// <summary>The locking script for a public key hash.</summary>
    /// <param name="hash160">20 bytes.</param>
    public static Script Lock(ReadOnlySpan<byte> hash160)
    {
        if (hash160.Length != 20)
        {
            throw new BsvFormatException($"P2PKH needs a 20-byte public key hash, got {hash160.Length} bytes.");
        }

        var bytes = new byte[LockingScriptLength];
        bytes[0] = OpCodes.OpDup;
        bytes[1] = OpCodes.OpHash160;
        bytes[2] = 20;
        hash160.CopyTo(bytes.AsSpan(3));
        bytes[23] = OpCodes.OpEqualVerify;
        bytes[24] = OpCodes.OpCheckSig;
        return Script.Own(bytes);
    }

    /// <summary>The locking script for a public key.</summary>
    /// <param name="key">The key (compressed form is hashed).</param>
    public static Script Lock(PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Lock(key.ToHash160());
    }

    /// <summary>The locking script for an address.</summary>
    /// <param name="address">The address.</param>
    public static Script Lock(P2pkhAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return Lock(address.PublicKeyHash.Span);
    }

    /// <summary>Whether <paramref name="script"/> is a standard P2PKH locking script, and its hash.</summary>
    /// <param name="script">The script.</param>
    /// <param name="hash160">The 20-byte hash when it is.</param>
    public static bool TryGetPublicKeyHash(ReadOnlySpan<byte> script, out ReadOnlySpan<byte> hash160)
    {
        if (script.Length == LockingScriptLength && script[0] == OpCodes.OpDup && script[1] == OpCodes.OpHash160 && script[2] == 20
            && script[23] == OpCodes.OpEqualVerify && script[24] == OpCodes.OpCheckSig)
        {
            hash160 = script.Slice(3, 20);
            return true;
        }

        hash160 = default;
        return false;
    }

    /// <summary>The unlocking script: push(signature DER ‖ sighash byte), push(compressed public key).</summary>
    /// <param name="signatureWithType">DER signature followed by the sighash type byte.</param>
    /// <param name="key">The public key.</param>
    public static Script Unlock(ReadOnlySpan<byte> signatureWithType, PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new ScriptBuilder().Push(signatureWithType).Push(key.ToCompressed()).Build();
    }

    /// <summary>Splits a P2PKH unlocking script into its signature (with sighash byte) and public key pushes.</summary>
    /// <param name="script">The unlocking script.</param>
    /// <param name="signatureWithType">The first push.</param>
    /// <param name="publicKey">The second push.</param>
    /// <exception cref="BsvFormatException">Not exactly two direct pushes.</exception>
    public static void ParseUnlock(ReadOnlySpan<byte> script, out ReadOnlySpan<byte> signatureWithType, out ReadOnlySpan<byte> publicKey)
    {
        if (script.Length < 2 || script[0] == 0 || script[0] >= OpCodes.PushData1 || 1 + script[0] >= script.Length)
        {
            throw new BsvFormatException("Invalid P2PKH unlocking script: the first item is not a direct push of a signature.");
        }

        var sigLength = script[0];
        signatureWithType = script.Slice(1, sigLength);
        var rest = script[(1 + sigLength)..];
        if (rest.Length < 1 || rest[0] is not (33 or 65) || rest.Length != 1 + rest[0])
        {
            throw new BsvFormatException("Invalid P2PKH unlocking script: the second item is not a direct push of a 33- or 65-byte public key.");
        }

        publicKey = rest[1..];
    }
}
