using ModularTorrent.Bsv.Crypto;

namespace ModularTorrent.Bsv.Keys;

/// <summary>
/// BRC-43 key derivation over BRC-42: turns (protocol, key id, counterparty) into an invoice number and derives
/// child private, public and symmetric keys from one root key.
/// </summary>
public sealed class KeyDeriver
{
    private readonly PrivateKey _root;

    /// <summary>Creates a deriver over a root key.</summary>
    /// <param name="root">The root private key.</param>
    public KeyDeriver(PrivateKey root)
    {
        _root = root ?? throw new ArgumentNullException(nameof(root));
    }

    /// <summary>The root's public key (the identity key).</summary>
    public PublicKey IdentityKey => _root.PublicKey;

    /// <summary>Our child private key for this protocol, key id and counterparty.</summary>
    /// <param name="protocol">The protocol.</param>
    /// <param name="keyId">The key id.</param>
    /// <param name="counterparty">The counterparty.</param>
    public PrivateKey DerivePrivateKey(ProtocolId protocol, string keyId, Counterparty counterparty)
    {
        ArgumentNullException.ThrowIfNull(counterparty);
        return _root.DeriveChild(counterparty.Resolve(_root), InvoiceNumber.Compute(protocol, keyId));
    }

    /// <summary>
    /// A child public key. With <paramref name="forSelf"/> it is the public key of our own child private key;
    /// without it, the counterparty's child key as we (the sender) compute it.
    /// </summary>
    /// <param name="protocol">The protocol.</param>
    /// <param name="keyId">The key id.</param>
    /// <param name="counterparty">The counterparty.</param>
    /// <param name="forSelf">Derive our own key instead of the counterparty's.</param>
    public PublicKey DerivePublicKey(ProtocolId protocol, string keyId, Counterparty counterparty, bool forSelf = false)
    {
        ArgumentNullException.ThrowIfNull(counterparty);
        var invoice = InvoiceNumber.Compute(protocol, keyId);
        var other = counterparty.Resolve(_root);
        return forSelf ? _root.DeriveChild(other, invoice).PublicKey : other.DeriveChild(_root, invoice);
    }

    /// <summary>
    /// The BRC-2 symmetric key both parties can compute: the 32-byte x coordinate of
    /// (our child private key) × (their child public key).
    /// </summary>
    /// <param name="protocol">The protocol.</param>
    /// <param name="keyId">The key id.</param>
    /// <param name="counterparty">The counterparty.</param>
    public byte[] DeriveSymmetricKey(ProtocolId protocol, string keyId, Counterparty counterparty)
    {
        var publicKey = DerivePublicKey(protocol, keyId, counterparty);
        var privateKey = DerivePrivateKey(protocol, keyId, counterparty);
        var shared = privateKey.DeriveSharedSecret(publicKey);
        return Secp256k1.To32Bytes(shared.Point.AffineXCoord.ToBigInteger());
    }
}
