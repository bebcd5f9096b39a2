using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.Wire;

/// <summary>
/// BEP 6 canonical allowed-fast set: pieces a peer may request while choked, derived from its /24
/// address and the info-hash, so every client computes the same set for the same peer.
/// </summary>
public static class AllowedFastSet
{
    /// <summary>Computes up to <paramref name="count"/> piece indices for an IPv4 peer (IPv6 peers get none, as in BEP 6).</summary>
    public static IReadOnlyList<int> Generate(IPAddress address, InfoHash infoHash, int pieceCount, int count)
    {
        ArgumentNullException.ThrowIfNull(address);
        var result = new List<int>(count);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || pieceCount == 0)
        {
            return result;
        }

        count = Math.Min(count, pieceCount);
        Span<byte> x = stackalloc byte[24];
        address.TryWriteBytes(x, out _);
        x[3] = 0;
        infoHash.AsSpan().CopyTo(x[4..]);
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(x, hash);
        while (result.Count < count)
        {
            for (var i = 0; i < 5 && result.Count < count; i++)
            {
                var y = BinaryPrimitives.ReadUInt32BigEndian(hash[(i * 4)..]);
                var index = (int)(y % (uint)pieceCount);
                if (!result.Contains(index))
                {
                    result.Add(index);
                }
            }

            SHA1.HashData(hash, hash);
        }

        return result;
    }
}
