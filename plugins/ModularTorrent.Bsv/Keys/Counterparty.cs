namespace ModularTorrent.Bsv.Keys;

/// <summary>
/// The other party of a BRC-42/43 derivation: ourselves, "anyone" (the public key of the scalar 1, so anybody can
/// derive the key), or a given public key.
/// </summary>
public sealed class Counterparty
{
    private static readonly Lazy<PublicKey> AnyoneKey = new(() => PrivateKey.FromScalar(Org.BouncyCastle.Math.BigInteger.One).PublicKey);

    private Counterparty(CounterpartyKind kind, PublicKey? key)
    {
        Kind = kind;
        Key = key;
    }

    /// <summary>Derive keys with our own identity key as the counterparty.</summary>
    public static Counterparty Self { get; } = new(CounterpartyKind.Self, null);

    /// <summary>Derive keys anyone can derive (counterparty private key 1).</summary>
    public static Counterparty Anyone { get; } = new(CounterpartyKind.Anyone, null);

    /// <summary>The public key of the "anyone" counterparty (1·G).</summary>
    public static PublicKey AnyonePublicKey => AnyoneKey.Value;

    /// <summary>Which kind this is.</summary>
    public CounterpartyKind Kind { get; }

    /// <summary>The key, when <see cref="Kind"/> is <see cref="CounterpartyKind.Other"/>.</summary>
    public PublicKey? Key { get; }

    /// <summary>A specific counterparty.</summary>
    /// <param name="key">Its identity public key.</param>
    public static Counterparty Of(PublicKey key) => new(CounterpartyKind.Other, key ?? throw new ArgumentNullException(nameof(key)));

    /// <summary>Parses "self", "anyone", or a SEC public key in hex.</summary>
    /// <param name="text">The text.</param>
    public static Counterparty Parse(string text) => text switch
    {
        "self" => Self,
        "anyone" => Anyone,
        _ => Of(PublicKey.FromHex(text)),
    };

    /// <summary>The public key this counterparty stands for, given our root key.</summary>
    /// <param name="root">Our root private key.</param>
    public PublicKey Resolve(PrivateKey root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return Kind switch
        {
            CounterpartyKind.Self => root.PublicKey,
            CounterpartyKind.Anyone => AnyonePublicKey,
            _ => Key!,
        };
    }

    /// <summary>"self", "anyone", or the compressed key hex.</summary>
    public override string ToString() => Kind switch
    {
        CounterpartyKind.Self => "self",
        CounterpartyKind.Anyone => "anyone",
        _ => Key!.ToString(),
    };
}
