using System.Globalization;
using System.Text;
using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.Lsd;

/// <summary>Encodes and parses BEP 14 local service discovery messages (HTTP-over-UDP style headers).</summary>
public static class LsdCodec
{
    /// <summary>Largest datagram we send or read (keeps within one Ethernet frame).</summary>
    public const int MaxMessageSize = 1400;

    private const string RequestLine = "BT-SEARCH * HTTP/1.1";

    /// <summary>Encodes an announce.</summary>
    /// <exception cref="ArgumentException">No info-hash, a bad port, or more hashes than fit in <see cref="MaxMessageSize"/>.</exception>
    public static byte[] Encode(LsdMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.InfoHashes.Count == 0)
        {
            throw new ArgumentException("An LSD announce names at least one info-hash.", nameof(message));
        }

        if (message.Port is < 1 or > ushort.MaxValue)
        {
            throw new ArgumentException("The port must be 1 to 65535.", nameof(message));
        }

        var text = new StringBuilder();
        text.Append(RequestLine).Append("\r\n");
        text.Append("Host: ").Append(message.Host).Append("\r\n");
        text.Append("Port: ").Append(message.Port.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        foreach (var hash in message.InfoHashes)
        {
            text.Append("Infohash: ").Append(hash.ToHex()).Append("\r\n");
        }

        if (!string.IsNullOrEmpty(message.Cookie))
        {
            text.Append("cookie: ").Append(message.Cookie).Append("\r\n");
        }

        text.Append("\r\n\r\n");
        var bytes = Encoding.ASCII.GetBytes(text.ToString());
        if (bytes.Length > MaxMessageSize)
        {
            throw new ArgumentException($"The announce is {bytes.Length} bytes; at most {MaxMessageSize} fit in one datagram.", nameof(message));
        }

        return bytes;
    }

    /// <summary>Info-hashes sent per message: each header is 52 bytes, so 20 leave ample room for the others.</summary>
    public const int MaxInfoHashesPerMessage = 20;

    /// <summary>Parses an announce. Header names are case-insensitive; unknown headers are ignored.</summary>
    /// <exception cref="FormatException">Not a BT-SEARCH message, too large, or missing/invalid Port or Infohash.</exception>
    public static LsdMessage Parse(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length > MaxMessageSize)
        {
            throw new FormatException($"An LSD message of {datagram.Length} bytes is over the {MaxMessageSize}-byte limit.");
        }

        if (datagram.ContainsAnyExceptInRange((byte)0x09, (byte)0x7e))
        {
            throw new FormatException("An LSD message is printable ASCII.");
        }

        var lines = Encoding.ASCII.GetString(datagram).Split('\n');
        if (lines.Length == 0 || !lines[0].TrimEnd('\r').Equals(RequestLine, StringComparison.Ordinal))
        {
            throw new FormatException("Not a 'BT-SEARCH * HTTP/1.1' message.");
        }

        string host = string.Empty;
        string? cookie = null;
        int? port = null;
        var hashes = new List<InfoHash>();
        foreach (var raw in lines.Skip(1))
        {
            var line = raw.TrimEnd('\r');
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                host = value;
            }
            else if (name.Equals("Port", StringComparison.OrdinalIgnoreCase))
            {
                port = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= ushort.MaxValue
                    ? p
                    : throw new FormatException($"The LSD Port '{value}' is not 1 to 65535.");
            }
            else if (name.Equals("Infohash", StringComparison.OrdinalIgnoreCase))
            {
                hashes.Add(value.Length == 40 && InfoHash.TryParse(value, out var hash) ? hash : throw new FormatException($"The LSD Infohash '{value}' is not 40 hex characters."));
            }
            else if (name.Equals("cookie", StringComparison.OrdinalIgnoreCase))
            {
                cookie = value;
            }
        }

        if (port is null)
        {
            throw new FormatException("The LSD message has no Port header.");
        }

        if (hashes.Count == 0)
        {
            throw new FormatException("The LSD message has no Infohash header.");
        }

        return new LsdMessage(host, port.Value, hashes, cookie);
    }
}
