using System.Globalization;

namespace ModularTorrent.Bsv.Keys;

/// <summary>BRC-43 invoice numbers: <c>"&lt;level&gt;-&lt;protocol name&gt;-&lt;key id&gt;"</c>, with the naming rules of the reference wallet.</summary>
public static class InvoiceNumber
{
    private const string LinkagePrefix = "specific linkage revelation ";

    /// <summary>Builds the invoice number, checking the BRC-43 rules for the protocol name and key id.</summary>
    /// <param name="protocol">The protocol (name is lower-cased and trimmed).</param>
    /// <param name="keyId">The key id, 1..800 characters.</param>
    /// <exception cref="BsvFormatException">A rule is broken; the message says which.</exception>
    public static string Compute(ProtocolId protocol, string keyId)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        var level = (int)protocol.Level;
        if (level is < 0 or > 2)
        {
            throw new BsvFormatException("Protocol security level must be 0, 1, or 2.");
        }

        var name = (protocol.Name ?? string.Empty).ToLowerInvariant().Trim();
        if (keyId.Length > 800)
        {
            throw new BsvFormatException("Key IDs must be 800 characters or less.");
        }

        if (keyId.Length < 1)
        {
            throw new BsvFormatException("Key IDs must be 1 character or more.");
        }

        if (name.Length > 400)
        {
            if (!name.StartsWith(LinkagePrefix, StringComparison.Ordinal))
            {
                throw new BsvFormatException("Protocol names must be 400 characters or less.");
            }

            if (name.Length > 430)
            {
                throw new BsvFormatException("Specific linkage revelation protocol names must be 430 characters or less.");
            }
        }

        if (name.Length < 5)
        {
            throw new BsvFormatException("Protocol names must be 5 characters or more.");
        }

        if (name.Contains("  ", StringComparison.Ordinal))
        {
            throw new BsvFormatException("Protocol names cannot contain multiple consecutive spaces (\"  \").");
        }

        foreach (var c in name)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or ' '))
            {
                throw new BsvFormatException("Protocol names can only contain letters, numbers and spaces.");
            }
        }

        if (name.EndsWith(" protocol", StringComparison.Ordinal))
        {
            throw new BsvFormatException("No need to end your protocol name with \" protocol\".");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{level}-{name}-{keyId}");
    }
}
