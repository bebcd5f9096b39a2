namespace ModularTorrent.BitTorrent.Encryption;

/// <summary>Why an MSE handshake failed; stable so the engine can decide whether to retry in plaintext.</summary>
public enum MseError
{
    /// <summary>The handshake did not finish within the configured time.</summary>
    Timeout,

    /// <summary>The remote closed the connection mid-handshake.</summary>
    ConnectionClosed,

    /// <summary>The remote sent a plain BitTorrent handshake but encryption is required.</summary>
    PlaintextRefused,

    /// <summary>The remote started an MSE handshake but encryption is disabled here.</summary>
    EncryptionRefused,

    /// <summary>HASH('req1', S) was not found within the allowed padding (the remote is not speaking MSE, or keys differ).</summary>
    SynchronizationFailed,

    /// <summary>The req2/req3 hash matched no torrent we know.</summary>
    UnknownInfoHash,

    /// <summary>The decrypted verification constant was not eight zero bytes.</summary>
    BadVerificationConstant,

    /// <summary>A padding or initial payload length was over its limit.</summary>
    BadLength,

    /// <summary>No crypto method is acceptable to both sides.</summary>
    NoCommonMethod,

    /// <summary>The responder selected a method that was not offered, or more than one.</summary>
    BadSelection,

    /// <summary>The public key was out of range (0, 1 or ≥ P−1).</summary>
    BadPublicKey,
}
