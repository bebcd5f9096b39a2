namespace ModularTorrent.Bsv.Scripts;

/// <summary>The script opcodes this library builds or inspects.</summary>
public static class OpCodes
{
    /// <summary>Push an empty array.</summary>
    public const byte Op0 = 0x00;

    /// <summary>Next byte is a push length.</summary>
    public const byte PushData1 = 0x4c;

    /// <summary>Next two bytes (LE) are a push length.</summary>
    public const byte PushData2 = 0x4d;

    /// <summary>Next four bytes (LE) are a push length.</summary>
    public const byte PushData4 = 0x4e;

    /// <summary>Return (data carrier outputs start with OP_FALSE OP_RETURN).</summary>
    public const byte OpReturn = 0x6a;

    /// <summary>Duplicate the top stack item.</summary>
    public const byte OpDup = 0x76;

    /// <summary>Fail unless the top two items are equal.</summary>
    public const byte OpEqualVerify = 0x88;

    /// <summary>HASH160 the top item.</summary>
    public const byte OpHash160 = 0xa9;

    /// <summary>Marks where the signed script code starts (removed from the original sighash script code).</summary>
    public const byte OpCodeSeparator = 0xab;

    /// <summary>Check a signature.</summary>
    public const byte OpCheckSig = 0xac;
}
