using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ModularTorrent.Cli;

/// <summary>
/// Reads <c>HOST:PORT</c>, <c>1.2.3.4:PORT</c> or <c>[v6]:PORT</c> values: <c>--peer</c>, <c>--dht-bootstrap</c> and a
/// magnet link's <c>x.pe</c>.
/// </summary>
public static class PeerEndPointParser
{
    /// <summary>Parses and resolves a <c>--peer</c> address.</summary>
    /// <param name="text">The value given.</param>
    /// <param name="cancellationToken">Cancels a DNS lookup.</param>
    /// <returns>The peer's end point.</returns>
    /// <exception cref="CliException">Not HOST:PORT, a bad port, or a host that does not resolve.</exception>
    public static Task<IPEndPoint> ParseAsync(string text, CancellationToken cancellationToken) =>
        ParseAsync(text, "--peer", cancellationToken);

    /// <summary>Parses and resolves an address given as <paramref name="what"/>.</summary>
    /// <param name="text">The value given.</param>
    /// <param name="what">Where the value came from, as error messages name it (<c>--dht-bootstrap</c>, <c>x.pe</c>).</param>
    /// <param name="cancellationToken">Cancels a DNS lookup.</param>
    /// <returns>The end point.</returns>
    /// <exception cref="CliException">Not HOST:PORT, a bad port, or a host that does not resolve.</exception>
    public static async Task<IPEndPoint> ParseAsync(string text, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(what);
        if (IPEndPoint.TryParse(text, out var literal) && literal.Port != 0 && (text.Contains(']', StringComparison.Ordinal) || literal.AddressFamily == AddressFamily.InterNetwork))
        {
            return literal;
        }

        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            throw new CliException($"{what} '{text}' is not HOST:PORT.");
        }

        if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new CliException($"{what} '{text}' has no valid port (1-65535).");
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
                ? throw new CliException($"{what} host '{host}' has no address.")
                : new IPEndPoint(chosen, port);
        }
        catch (SocketException ex)
        {
            throw new CliException($"{what} host '{host}' does not resolve: {ex.Message}");
        }
    }
}
