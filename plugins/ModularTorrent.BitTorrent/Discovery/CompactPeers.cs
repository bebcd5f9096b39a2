using System.Buffers.Binary;
using System.Net;

namespace ModularTorrent.BitTorrent.Discovery;

/// <summary>Decodes the compact peer lists of BEP 23 (IPv4, 6 bytes each) and BEP 7 (IPv6, 18 bytes each).</summary>
internal static class CompactPeers
{
    public const int IPv4EntryLength = 6;
    public const int IPv6EntryLength = 18;

    /// <summary>Appends the peers in <paramref name="data"/> to <paramref name="peers"/>.</summary>
    /// <param name="data">Whole entries of <paramref name="entryLength"/> bytes: address, then port in network order.</param>
    /// <param name="entryLength">6 for IPv4, 18 for IPv6.</param>
    /// <param name="peers">Where the peers go; entries with port 0 are dropped (nobody listens there).</param>
    /// <exception cref="TrackerException">The length is not a multiple of the entry length.</exception>
    public static void Parse(ReadOnlySpan<byte> data, int entryLength, List<IPEndPoint> peers)
    {
        if (data.Length % entryLength != 0)
        {
            throw new TrackerException(
                TrackerErrorKind.Malformed,
                $"A compact peer list of {data.Length} bytes is not a whole number of {entryLength}-byte entries.");
        }

        var addressLength = entryLength - 2;
        for (var offset = 0; offset < data.Length; offset += entryLength)
        {
            var entry = data.Slice(offset, entryLength);
            var port = BinaryPrimitives.ReadUInt16BigEndian(entry[addressLength..]);
            if (port != 0)
            {
                peers.Add(new IPEndPoint(new IPAddress(entry[..addressLength]), port));
            }
        }
    }
}
