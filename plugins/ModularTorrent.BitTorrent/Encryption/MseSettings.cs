using System.Diagnostics.CodeAnalysis;

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

    /// <summary>The settings an engine takes for <paramref name="mode"/>: null (no MSE at all) for <see cref="EncryptionMode.Disabled"/>.</summary>
    public static MseSettings? For(EncryptionMode mode) => mode == EncryptionMode.Disabled ? null : new MseSettings { Mode = mode };

    /// <summary>Reads a mode by its name (<c>disabled</c>, <c>enabled</c>, <c>required</c>, any case); numbers are refused.</summary>
    public static bool TryParseMode([NotNullWhen(true)] string? text, out EncryptionMode mode)
    {
        foreach (var candidate in Enum.GetValues<EncryptionMode>())
        {
            if (string.Equals(text?.Trim(), candidate.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                mode = candidate;
                return true;
            }
        }

        mode = default;
        return false;
    }
}
