namespace ModularTorrent.Bsv.Keys;

/// <summary>The kinds of BRC-43 counterparty.</summary>
public enum CounterpartyKind
{
    /// <summary>Ourselves.</summary>
    Self = 0,

    /// <summary>Anyone (private key 1).</summary>
    Anyone = 1,

    /// <summary>A given public key.</summary>
    Other = 2,
}
