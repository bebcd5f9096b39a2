using System.Numerics;
using System.Runtime.InteropServices;

namespace ModularTorrent.Sdk.Pieces;

/// <summary>
/// A read-only view of a BitTorrent bitfield: the high bit of byte 0 is piece 0.
/// Free to copy; it owns no memory.
/// </summary>
public readonly ref struct ReadOnlyBitfield
{
    private readonly ReadOnlySpan<byte> _bytes;

    /// <summary>Wraps <paramref name="bytes"/> as a bitfield of <paramref name="count"/> bits.</summary>
    /// <param name="bytes">At least <c>(count + 7) / 8</c> bytes.</param>
    /// <param name="count">The number of bits (pieces).</param>
    /// <exception cref="ArgumentOutOfRangeException">The span is too short.</exception>
    public ReadOnlyBitfield(ReadOnlySpan<byte> bytes, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (bytes.Length < ByteLength(count))
        {
            throw new ArgumentOutOfRangeException(nameof(bytes), "The span is shorter than the bit count needs.");
        }

        _bytes = bytes;
        Count = count;
    }

    /// <summary>The number of bits.</summary>
    public int Count { get; }

    /// <summary>The underlying bytes.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>Whether bit <paramref name="index"/> is set. An empty view (default) reads as all clear.</summary>
    /// <param name="index">From 0 to <see cref="Count"/> - 1.</param>
    public bool this[int index] => _bytes.Length != 0 && (_bytes[index >> 3] & (0x80 >> (index & 7))) != 0;

    /// <summary>Whether this view has no bytes (an absent bitfield).</summary>
    public bool IsEmpty => _bytes.IsEmpty;

    /// <summary>The number of set bits among the first <see cref="Count"/>.</summary>
    public int PopCount()
    {
        var full = Count >> 3;
        var total = 0;
        var words = MemoryMarshal.Cast<byte, ulong>(_bytes[..full]);
        foreach (var w in words)
        {
            total += BitOperations.PopCount(w);
        }

        for (var i = words.Length * 8; i < full; i++)
        {
            total += BitOperations.PopCount((uint)_bytes[i]);
        }

        var rest = Count & 7;
        if (rest != 0)
        {
            total += BitOperations.PopCount((uint)(_bytes[full] & (0xFF << (8 - rest)) & 0xFF));
        }

        return total;
    }

    /// <summary>The number of bytes a bitfield of <paramref name="count"/> bits takes.</summary>
    /// <param name="count">The number of bits.</param>
    public static int ByteLength(int count) => (count + 7) >> 3;
}
