namespace ModularTorrent.BitTorrent.Encryption;

/// <summary>The MSE <c>crypto_provide</c>/<c>crypto_select</c> bits.</summary>
[Flags]
public enum CryptoMethod
{
    /// <summary>No method.</summary>
    None = 0,

    /// <summary>0x01: after the MSE handshake the stream continues in plaintext (also used for a plain BitTorrent handshake).</summary>
    Plaintext = 0x01,

    /// <summary>0x02: RC4 in both directions.</summary>
    Rc4 = 0x02,
}
