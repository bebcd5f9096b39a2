using System.Text;

namespace ModularTorrent.BitTorrent.Peers;

/// <summary>Names the client from an Azureus-style peer id (<c>-LT2080-…</c>), for status displays.</summary>
internal static class PeerIdClient
{
    public static string? Describe(ReadOnlySpan<byte> peerId)
    {
        if (peerId.Length < 8 || peerId[0] != (byte)'-' || peerId[7] != (byte)'-')
        {
            return null;
        }

        foreach (var b in peerId[1..7])
        {
            if (b is < 0x20 or > 0x7e)
            {
                return null;
            }
        }

        var code = Encoding.ASCII.GetString(peerId.Slice(1, 2));
        var version = Encoding.ASCII.GetString(peerId.Slice(3, 4));
        var name = code switch
        {
            "LT" => "libtorrent",
            "lt" => "libTorrent (rakshasa)",
            "qB" => "qBittorrent",
            "TR" => "Transmission",
            "DE" => "Deluge",
            "UT" => "µTorrent",
            "MT" => "ModularTorrent",
            _ => code,
        };
        return $"{name} {version}";
    }
}
