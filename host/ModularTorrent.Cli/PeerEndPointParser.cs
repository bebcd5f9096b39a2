using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ModularTorrent.Cli;

/// <summary>Reads <c>--peer</c> values: <c>HOST:PORT</c>, <c>1.2.3.4:PORT</c> or <c>[v6]:PORT</c>.</summary>
public static class PeerEndPointParser
{
    /// <summary>Parses and resolves a peer address.</summary>
    /// <param name="text">The value given.</param>
    /// <param name="cancellationToken">Cancels a DNS lookup.</param>
    /// <returns>The peer's end point.</returns>
    /// <exception cref="CliException">Not HOST:PORT, a bad port, or a host that does not resolve.</exception>
    public static async Task<IPEndPoint> ParseAsync(string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IPEndPoint.TryParse(text, out var literal) && literal.Port != 0 && (text.Contains(']', StringComparison.Ordinal) || literal.AddressFamily == AddressFamily.InterNetwork))
        {
            return literal;
        }

        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            throw new CliException($"--peer '{text}' is not HOST:PORT.");
        }

        if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new CliException($"--peer '{text}' has no valid port (1-65535).");
        }

        var host = text[..colon].Trim('[', ']');
        if (IPAddress.TryParse(host, out var address))
        {
            return new IPEndPoint(address, port);
        }

        try
        {
            var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
            var chosen = Array.Find(addresses, a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
            return chosen is null
                ? throw new CliException($"--peer host '{host}' has no address.")
                : new IPEndPoint(chosen, port);
        }
        catch (SocketException ex)
        {
            throw new CliException($"--peer host '{host}' does not resolve: {ex.Message}");
        }
    }
}
