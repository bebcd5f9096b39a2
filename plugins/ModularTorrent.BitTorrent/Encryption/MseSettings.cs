namespace ModularTorrent.BitTorrent.Encryption;

/// <summary>Options of the MSE handshake.</summary>
public sealed record MseSettings
{
    /// <summary>Plain, preferred-encrypted or required-encrypted.</summary>
    public EncryptionMode Mode { get; init; } = EncryptionMode.Enabled;

    /// <summary>The whole handshake must finish within this time.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest random padding we send (PadA/PadB/PadC/PadD); the protocol allows up to 512.</summary>
    public int MaxPadding { get; init; } = 512;

    /// <summary>Clock for the timeout.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
