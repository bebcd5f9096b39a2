using ModularTorrent.Bsv.Keys;
using ModularTorrent.Bsv.Transactions;

namespace ModularTorrent.Bsv.Wallet;

/// <summary>
/// Wallet settings, bound from configuration (section <c>Wallet</c>). <see cref="RootKeySecret"/> is key material:
/// it is never logged, and <see cref="ToString"/> leaves it out.
/// </summary>
public sealed class WalletOptions
{
    /// <summary>The configuration section: <c>Wallet</c>.</summary>
    public const string SectionName = "Wallet";

    /// <summary>The secret the root key is encrypted with at rest (PBKDF2-SHA256 → AES-256-GCM). Required.</summary>
    public string RootKeySecret { get; set; } = string.Empty;

    /// <summary>PBKDF2 iterations for a newly encrypted root key (stored with it, so changing this later is safe).</summary>
    public int KeyDerivationIterations { get; set; } = 600_000;

    /// <summary>The fee rate in satoshis per 1000 bytes (default 100).</summary>
    public ulong FeeRateSatoshisPerKilobyte { get; set; } = FeeModel.DefaultSatoshisPerKilobyte;

    /// <summary>
    /// The smallest change output worth creating; smaller change is left to the fee. BSV nodes relay 1-satoshi
    /// outputs since 1.0.11, so the default is 1; raise it to avoid dust-sized UTXOs.
    /// </summary>
    public ulong DustLimitSatoshis { get; set; } = 1;

    /// <summary>The network for addresses.</summary>
    public Network Network { get; set; } = Network.Mainnet;

    /// <summary>Reservations older than this are considered abandoned (a crashed payment) and may be released.</summary>
    public TimeSpan ReservationTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Throws when a setting is unusable, naming it (never echoing the secret).</summary>
    /// <exception cref="WalletException">A setting is invalid.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(RootKeySecret) || RootKeySecret.Length < 16)
        {
            throw new WalletException("Wallet:RootKeySecret must be set to at least 16 characters.");
        }

        if (KeyDerivationIterations < 1000)
        {
            throw new WalletException("Wallet:KeyDerivationIterations must be at least 1000.");
        }

        if (DustLimitSatoshis < 1)
        {
            throw new WalletException("Wallet:DustLimitSatoshis must be at least 1.");
        }
    }

    /// <summary>The settings without the secret.</summary>
    public override string ToString() =>
        $"WalletOptions(Network={Network}, FeeRate={FeeRateSatoshisPerKilobyte} sat/kB, Dust={DustLimitSatoshis}, RootKeySecret=<redacted>)";
}
