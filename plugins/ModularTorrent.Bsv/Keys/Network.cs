namespace ModularTorrent.Bsv.Keys;

/// <summary>Which BSV network an address or WIF key belongs to (they differ only in version bytes).</summary>
public enum Network
{
    /// <summary>The main network: addresses start with 1, WIF with K, L or 5.</summary>
    Mainnet = 0,

    /// <summary>The test network (and regtest): addresses start with m or n, WIF with c or 9.</summary>
    Testnet = 1,
}
