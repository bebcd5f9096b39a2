using System.Text;

namespace ModularTorrent.BitTorrent.Discovery;

/// <summary>Percent-encoding of raw bytes for tracker query strings.</summary>
/// <remarks>
/// <c>info_hash</c> and <c>peer_id</c> are binary: each byte is encoded on its own, never through a
/// text encoding (UTF-8 would turn 0x80-0xFF into two bytes and the tracker would see another hash).
/// Only RFC 3986 unreserved characters stay literal.
/// </remarks>
internal static class TrackerUrlEncoding
{
    private const string Hex = "0123456789ABCDEF";

    public static void Append(StringBuilder builder, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (IsUnreserved(b))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(Hex[b >> 4]).Append(Hex[b & 0xF]);
            }
        }
    }

    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var builder = new StringBuilder(bytes.Length * 3);
        Append(builder, bytes);
        return builder.ToString();
    }

    private static bool IsUnreserved(byte b) =>
        b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~';
}
