namespace ModularTorrent.Bsv.Transactions;

/// <summary>A fee rate in satoshis per 1000 bytes: fee = ceil(size × rate / 1000), as the reference SDK computes it.</summary>
public sealed class FeeModel
{
    /// <summary>The default rate (100 sat/kB).</summary>
    public const ulong DefaultSatoshisPerKilobyte = 100;

    /// <summary>Creates a fee model.</summary>
    /// <param name="satoshisPerKilobyte">The rate.</param>
    public FeeModel(ulong satoshisPerKilobyte = DefaultSatoshisPerKilobyte)
    {
        SatoshisPerKilobyte = satoshisPerKilobyte;
    }

    /// <summary>The rate.</summary>
    public ulong SatoshisPerKilobyte { get; }

    /// <summary>The fee for a transaction of <paramref name="sizeBytes"/> bytes.</summary>
    /// <param name="sizeBytes">The (estimated) size.</param>
    public ulong ComputeFee(int sizeBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sizeBytes);
        return (((ulong)sizeBytes * SatoshisPerKilobyte) + 999) / 1000;
    }
}
