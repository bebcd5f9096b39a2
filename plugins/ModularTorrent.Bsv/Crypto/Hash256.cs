using System.Buffers.Binary;
using ModularTorrent.Bsv.Encoding;

namespace ModularTorrent.Bsv.Crypto;

/// <summary>
/// A 32-byte hash (txid, block hash, merkle node) held by value. Bytes are kept in internal (wire) order;
/// <see cref="ToString"/> and <see cref="Parse"/> use the display order (byte-reversed) that explorers show.
/// </summary>
public readonly struct Hash256 : IEquatable<Hash256>
{
    private readonly ulong _a;
    private readonly ulong _b;
    private readonly ulong _c;
    private readonly ulong _d;

    /// <summary>Creates a hash from 32 bytes in internal (wire) order.</summary>
    /// <param name="internalOrder">32 bytes.</param>
    public Hash256(ReadOnlySpan<byte> internalOrder)
    {
        if (internalOrder.Length != 32)
        {
            throw new BsvFormatException($"A 32-byte hash was expected, got {internalOrder.Length} bytes.");
        }

        _a = BinaryPrimitives.ReadUInt64LittleEndian(internalOrder);
        _b = BinaryPrimitives.ReadUInt64LittleEndian(internalOrder[8..]);
        _c = BinaryPrimitives.ReadUInt64LittleEndian(internalOrder[16..]);
        _d = BinaryPrimitives.ReadUInt64LittleEndian(internalOrder[24..]);
    }

    /// <summary>The all-zero hash.</summary>
    public static Hash256 Zero => default;

    /// <summary>Parses display-order hex (as explorers show txids).</summary>
    /// <param name="displayHex">64 hex characters.</param>
    public static Hash256 Parse(string displayHex)
    {
        var bytes = Hex.Decode(displayHex);
        if (bytes.Length != 32)
        {
            throw new BsvFormatException($"A 32-byte hash was expected, got {bytes.Length} bytes.");
        }

        Array.Reverse(bytes);
        return new Hash256(bytes);
    }

    /// <summary>Double SHA-256 of <paramref name="data"/>.</summary>
    /// <param name="data">The input.</param>
    public static Hash256 Compute(ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[32];
        Hashes.Sha256d(data, hash);
        return new Hash256(hash);
    }

    /// <summary>Double SHA-256 of <paramref name="left"/> followed by <paramref name="right"/> (a merkle node).</summary>
    /// <param name="left">The left child.</param>
    /// <param name="right">The right child.</param>
    public static Hash256 Combine(in Hash256 left, in Hash256 right)
    {
        Span<byte> buffer = stackalloc byte[64];
        left.CopyTo(buffer);
        right.CopyTo(buffer[32..]);
        return Compute(buffer);
    }

    /// <summary>Copies the 32 internal-order bytes to <paramref name="destination"/>.</summary>
    /// <param name="destination">At least 32 bytes.</param>
    public void CopyTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, _a);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], _b);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], _c);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], _d);
    }

    /// <summary>The 32 bytes in internal (wire) order.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[32];
        CopyTo(bytes);
        return bytes;
    }

    /// <summary>Display-order hex (byte-reversed), as explorers show txids.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[32];
        CopyTo(bytes);
        bytes.Reverse();
        return Hex.Encode(bytes);
    }

    /// <inheritdoc />
    public bool Equals(Hash256 other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Hash256 other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_a, _b, _c, _d);

    /// <summary>Equality.</summary>
    /// <param name="left">One hash.</param>
    /// <param name="right">The other.</param>
    public static bool operator ==(Hash256 left, Hash256 right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">One hash.</param>
    /// <param name="right">The other.</param>
    public static bool operator !=(Hash256 left, Hash256 right) => !left.Equals(right);
}
