using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace ModularTorrent.BitTorrent.Dht;

/// <summary>Compact peer info (BEP 5/23/7/11): IPv4 address + port in 6 bytes, IPv6 address + port in 18.</summary>
public static class CompactEndPoint
{
    /// <summary>Bytes of an IPv4 entry.</summary>
    public const int IPv4Length = 6;

    /// <summary>Bytes of an IPv6 entry.</summary>
    public const int IPv6Length = 18;

    /// <summary>Entry length for the address family of <paramref name="endPoint"/>.</summary>
    public static int LengthOf(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        return Normalize(endPoint).AddressFamily == AddressFamily.InterNetwork ? IPv4Length : IPv6Length;
    }

    /// <summary>Writes <paramref name="endPoint"/> (IPv4-mapped IPv6 addresses are written as IPv4). Returns bytes written.</summary>
    public static int Write(IPEndPoint endPoint, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var normalized = Normalize(endPoint);
        if (!normalized.Address.TryWriteBytes(destination, out var written))
        {
            throw new ArgumentException("The destination is too short.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination[written..], (ushort)normalized.Port);
        return written + 2;
    }

    /// <summary>Reads one entry of 6 or 18 bytes.</summary>
    /// <exception cref="FormatException">Another length.</exception>
    public static IPEndPoint Read(ReadOnlySpan<byte> entry)
    {
        if (entry.Length is not (IPv4Length or IPv6Length))
        {
            throw new FormatException($"A compact endpoint is 6 or 18 bytes, got {entry.Length}.");
        }

        return new IPEndPoint(new IPAddress(entry[..^2]), BinaryPrimitives.ReadUInt16BigEndian(entry[^2..]));
    }

    /// <summary>Reads a concatenation of entries of <paramref name="entryLength"/> bytes; entries with port 0 are skipped.</summary>
    /// <exception cref="FormatException">The length is not a multiple of the entry length.</exception>
    public static List<IPEndPoint> ReadAll(ReadOnlySpan<byte> data, int entryLength)
    {
        if (entryLength is not (IPv4Length or IPv6Length) || data.Length % entryLength != 0)
        {
            throw new FormatException($"{data.Length} bytes are not a whole number of {entryLength}-byte compact endpoints.");
        }

        var list = new List<IPEndPoint>(data.Length / entryLength);
        for (var offset = 0; offset < data.Length; offset += entryLength)
        {
            var endPoint = Read(data.Slice(offset, entryLength));
            if (endPoint.Port != 0)
            {
                list.Add(endPoint);
            }
        }

        return list;
    }

    /// <summary>The endpoint with an IPv4-mapped IPv6 address turned back into IPv4.</summary>
    public static IPEndPoint Normalize(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        return endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;
    }
}
