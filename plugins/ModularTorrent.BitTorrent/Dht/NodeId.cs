using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.Dht;

/// <summary>A 160-bit DHT node id (or lookup target); distance is XOR, compared as an unsigned big-endian number.</summary>
public readonly struct NodeId : IEquatable<NodeId>
{
    /// <summary>Length in bytes.</summary>
    public const int Length = 20;

    /// <summary>Length in bits.</summary>
    public const int Bits = 160;

    private readonly byte[]? _bytes;

    /// <summary>Copies 20 bytes.</summary>
    /// <exception cref="ArgumentException">Not 20 bytes.</exception>
    public NodeId(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
        {
            throw new ArgumentException($"A node id is {Length} bytes, got {bytes.Length}.", nameof(bytes));
        }

        _bytes = bytes.ToArray();
    }

    /// <summary>The 20 bytes (empty for <c>default</c>).</summary>
    public ReadOnlySpan<byte> AsSpan() => _bytes;

    /// <summary>True for <c>default(NodeId)</c>.</summary>
    public bool IsEmpty => _bytes is null;

    /// <summary>A uniformly random id.</summary>
    public static NodeId CreateRandom() => new(RandomNumberGenerator.GetBytes(Length));

    /// <summary>The lookup target for a torrent.</summary>
    public static NodeId FromInfoHash(InfoHash infoHash) => new(infoHash.AsSpan());

    /// <summary>Lower-case hex.</summary>
    public string ToHex() => Convert.ToHexStringLower(AsSpan());

    /// <inheritdoc />
    public override string ToString() => ToHex();

    /// <summary>Number of leading bits this id shares with <paramref name="other"/> (160 when equal).</summary>
    public int CommonPrefixLength(NodeId other)
    {
        var a = AsSpan();
        var b = other.AsSpan();
        for (var i = 0; i < Length; i++)
        {
            var x = (byte)(a[i] ^ b[i]);
            if (x != 0)
            {
                return (i * 8) + BitOperations.LeadingZeroCount((uint)x) - 24;
            }
        }

        return Bits;
    }

    /// <summary>
    /// Negative when <paramref name="a"/> is closer to this target than <paramref name="b"/>, zero when equally close
    /// (only when equal), positive otherwise.
    /// </summary>
    public int CompareDistance(NodeId a, NodeId b)
    {
        var t = AsSpan();
        var x = a.AsSpan();
        var y = b.AsSpan();
        for (var i = 0; i < Length; i += 4)
        {
            var target = BinaryPrimitives.ReadUInt32BigEndian(t[i..]);
            var da = BinaryPrimitives.ReadUInt32BigEndian(x[i..]) ^ target;
            var db = BinaryPrimitives.ReadUInt32BigEndian(y[i..]) ^ target;
            if (da != db)
            {
                return da < db ? -1 : 1;
            }
        }

        return 0;
    }

    /// <summary>
    /// A random id sharing exactly <paramref name="prefixLength"/> leading bits with this one (the next bit differs),
    /// i.e. an id inside bucket <paramref name="prefixLength"/> of a table owned by this id.
    /// </summary>
    public NodeId RandomWithPrefix(int prefixLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(prefixLength, Bits);
        Span<byte> bytes = stackalloc byte[Length];
        RandomNumberGenerator.Fill(bytes);
        var own = AsSpan();
        for (var bit = 0; bit <= prefixLength; bit++)
        {
            var mask = (byte)(0x80 >> (bit % 8));
            var ownBit = (own[bit / 8] & mask) != 0;
            var wanted = bit == prefixLength ? !ownBit : ownBit;
            bytes[bit / 8] = wanted ? (byte)(bytes[bit / 8] | mask) : (byte)(bytes[bit / 8] & ~mask);
        }

        return new NodeId(bytes);
    }

    /// <inheritdoc />
    public bool Equals(NodeId other) => AsSpan().SequenceEqual(other.AsSpan());

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is NodeId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _bytes is null ? 0 : BinaryPrimitives.ReadInt32LittleEndian(_bytes);

    /// <summary>Equality.</summary>
    public static bool operator ==(NodeId left, NodeId right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(NodeId left, NodeId right) => !left.Equals(right);
}
