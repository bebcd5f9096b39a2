namespace ModularTorrent.Bsv.Transactions;

/// <summary>
/// Signature hash type flags. The full 32-bit value is serialized into the digest; the base type is the low 5 bits.
/// </summary>
public static class SigHashType
{
    /// <summary>Sign all inputs and outputs.</summary>
    public const uint All = 0x01;

    /// <summary>Sign no outputs.</summary>
    public const uint None = 0x02;

    /// <summary>Sign only the output with the input's index.</summary>
    public const uint Single = 0x03;

    /// <summary>The CHRONICLE bit (node 1.2.0): with it, the original digest is used even when FORKID is set.</summary>
    public const uint Chronicle = 0x20;

    /// <summary>The BSV replay-protection flag: selects the BIP143-style digest.</summary>
    public const uint ForkId = 0x40;

    /// <summary>Sign only this input.</summary>
    public const uint AnyoneCanPay = 0x80;

    /// <summary>The mask of the base type.</summary>
    public const uint BaseMask = 0x1f;

    /// <summary>ALL | FORKID, the usual type.</summary>
    public const uint AllForkId = All | ForkId;
}
