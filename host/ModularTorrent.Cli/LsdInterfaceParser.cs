using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace ModularTorrent.Cli;

/// <summary>
/// Reads <c>--lsd-interface ADDRESS</c>: the IPv4 address of one of this machine's interfaces, the one local service
/// discovery joins the multicast group on and sends through.
/// </summary>
public static class LsdInterfaceParser
{
    /// <summary>The option's name, as error messages show it.</summary>
    public const string OptionName = "--lsd-interface";

    /// <summary>Parses <paramref name="text"/> and checks it against <paramref name="localAddresses"/>.</summary>
    /// <param name="text">The value given.</param>
    /// <param name="localAddresses">This machine's IPv4 interface addresses; null when they cannot be listed (the check is then left to the engine).</param>
    /// <param name="address">The interface address.</param>
    /// <param name="error">One line naming the option and what is wrong.</param>
    /// <returns>Whether <paramref name="text"/> is usable.</returns>
    public static bool TryParse(
        string? text,
        IReadOnlyCollection<IPAddress>? localAddresses,
        [NotNullWhen(true)] out IPAddress? address,
        [NotNullWhen(false)] out string? error)
    {
        address = null;
        if (!TryParseDottedQuad(text, out var parsed))
        {
            // IPAddress.TryParse alone would take "1" or "127.1" (inet_aton forms) and read "010" as octal.
            error = text is not null && text.Contains(':', StringComparison.Ordinal) && IPAddress.TryParse(text, out var other) && other.AddressFamily == AddressFamily.InterNetworkV6
                ? $"{OptionName} '{text}' is an IPv6 address; local service discovery runs on IPv4 only (239.192.152.143:6771)."
                : $"{OptionName} '{text}' is not an IPv4 address; give the address of the interface to multicast on, e.g. 127.0.0.1 or 192.168.1.10.";
            return false;
        }

        if (parsed.Equals(IPAddress.Any))
        {
            error = $"{OptionName} '{text}' names no interface; give --lsd alone to let the system choose one.";
            return false;
        }

        if (localAddresses is not null && !localAddresses.Contains(parsed))
        {
            var known = localAddresses.Count == 0 ? "none" : string.Join(", ", localAddresses);
            error = $"{OptionName} '{text}' is not an address of this machine (its IPv4 addresses: {known}).";
            return false;
        }

        address = parsed;
        error = null;
        return true;
    }

    /// <summary>The IPv4 addresses of this machine's interfaces, or null when the system will not list them.</summary>
    public static IReadOnlyCollection<IPAddress>? LocalAddresses()
    {
        try
        {
            return NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(nic => nic.GetIPProperties().UnicastAddresses)
                .Select(unicast => unicast.Address)
                .Where(a => a.AddressFamily == AddressFamily.InterNetwork)
                .Distinct()
                .ToList();
        }
        catch (NetworkInformationException)
        {
            return null;
        }
    }

    /// <summary>Exactly four decimal parts of 0-255: the only spelling of an IPv4 address a user means.</summary>
    private static bool TryParseDottedQuad(string? text, [NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[4];
        var rest = text.AsSpan();
        for (var i = 0; i < 4; i++)
        {
            var dot = rest.IndexOf('.');
            var part = i < 3 ? (dot < 0 ? [] : rest[..dot]) : rest;
            if (part.Length is < 1 or > 3
                || !byte.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out bytes[i]))
            {
                return false;
            }

            rest = i < 3 ? rest[(dot + 1)..] : [];
        }

        address = new IPAddress(bytes);
        return true;
    }
}
