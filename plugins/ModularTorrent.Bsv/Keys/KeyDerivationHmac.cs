using ModularTorrent.Bsv.Crypto;

namespace ModularTorrent.Bsv.Keys;

/// <summary>The BRC-42 scalar: HMAC-SHA256 keyed with the compressed shared point over the UTF-8 invoice number.</summary>
internal static class KeyDerivationHmac
{
    public static byte[] Compute(PublicKey sharedSecret, string invoiceNumber)
    {
        ArgumentNullException.ThrowIfNull(invoiceNumber);
        return Hashes.HmacSha256(sharedSecret.ToCompressed(), System.Text.Encoding.UTF8.GetBytes(invoiceNumber));
    }
}
