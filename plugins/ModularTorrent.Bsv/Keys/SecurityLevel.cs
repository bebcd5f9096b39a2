namespace ModularTorrent.Bsv.Keys;

/// <summary>BRC-43 security levels: how widely a derived key is shared.</summary>
public enum SecurityLevel
{
    /// <summary>Level 0: no permission needed (silent).</summary>
    Silent = 0,

    /// <summary>Level 1: permission per application and protocol.</summary>
    App = 1,

    /// <summary>Level 2: permission per application, protocol and counterparty.</summary>
    Counterparty = 2,
}
