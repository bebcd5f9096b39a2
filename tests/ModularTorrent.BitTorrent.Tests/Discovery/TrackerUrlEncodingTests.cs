using System.Globalization;
using ModularTorrent.BitTorrent.Discovery;

namespace ModularTorrent.BitTorrent.Tests.Discovery;

public sealed class TrackerUrlEncodingTests
{
    [Fact]
    public void Each_byte_is_encoded_on_its_own_and_unreserved_characters_stay()
    {
        byte[] bytes = [0x00, 0x12, 0x41, 0x7A, 0x39, 0x2D, 0x2E, 0x5F, 0x7E, 0x20, 0x25, 0x2B, 0x80, 0xFF];

        Assert.Equal("%00%12Az9-._~%20%25%2B%80%FF", TrackerUrlEncoding.Encode(bytes));
    }

    [Fact]
    public void Every_byte_value_decodes_back_to_itself()
    {
        var all = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var encoded = TrackerUrlEncoding.Encode(all);

        Assert.Equal(all, PercentDecode(encoded));
        Assert.Equal(66 + ((256 - 66) * 3), encoded.Length); // 66 unreserved characters stay single
    }

    /// <summary>What a tracker does: %XX is one byte, anything else is its ASCII byte.</summary>
    internal static byte[] PercentDecode(string text)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%')
            {
                bytes.Add(byte.Parse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 2;
            }
            else
            {
                bytes.Add(checked((byte)text[i]));
            }
        }

        return [.. bytes];
    }
}
