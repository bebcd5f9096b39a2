namespace ModularTorrent.Bsv.Keys;

/// <summary>BRC-29 payment key derivation: protocol "3241645161d8" at security level 2, key id "&lt;prefix&gt; &lt;suffix&gt;".</summary>
public static class Brc29
{
    /// <summary>The BRC-29 protocol.</summary>
    public static ProtocolId Protocol { get; } = new(SecurityLevel.Counterparty, "3241645161d8");

    /// <summary>The invoice number for a derivation prefix and suffix (each typically base64 of random bytes).</summary>
    /// <param name="derivationPrefix">Per payment.</param>
    /// <param name="derivationSuffix">Per output.</param>
    public static string InvoiceNumber(string derivationPrefix, string derivationSuffix) =>
        Keys.InvoiceNumber.Compute(Protocol, $"{derivationPrefix} {derivationSuffix}");
}
