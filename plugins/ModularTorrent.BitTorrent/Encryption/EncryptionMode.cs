namespace ModularTorrent.BitTorrent.Encryption;

/// <summary>How a connection uses message stream encryption (MSE/PE).</summary>
public enum EncryptionMode
{
    /// <summary>Plain BitTorrent only: outgoing connections send the plain handshake, incoming MSE handshakes are refused.</summary>
    Disabled,

    /// <summary>Outgoing connections offer RC4 and plaintext (RC4 preferred); incoming connections may be plain or MSE.</summary>
    Enabled,

    /// <summary>RC4 only: plain handshakes and MSE without RC4 are refused.</summary>
    Required,
}
