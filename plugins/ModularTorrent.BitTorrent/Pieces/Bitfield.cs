using System.Numerics;
using System.Runtime.InteropServices;
using ModularTorrent.Sdk.Pieces;

namespace ModularTorrent.BitTorrent.Pieces;

/// <summary>A mutable piece bitfield in wire order (bit 7 of byte 0 is piece 0). Not thread-safe.</summary>
public sealed class Bitfield
{
    private readonly byte[] _bytes;

    /// <summary>Creates an all-clear bitfield of <paramref name="count"/> bits.</summary>
    public Bitfield(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Count = count;
        _bytes = new byte[ReadOnlyBitfield.ByteLength(count)];
    }

    /// <summary>Number of bits.</summary>
    public int Count { get; }

    /// <summary>Number of set bits.</summary>
    public int SetCount { get; private set; }

    /// <summary>True when every bit is set.</summary>
    public bool AllSet => SetCount == Count;

    /// <summary>The bytes in wire order.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>Bit <paramref name="index"/>.</summary>
    public bool this[int index] => (_bytes[index >> 3] & (0x80 >> (index & 7))) != 0;

    /// <summary>Sets or clears a bit.</summary>
    /// <returns>True if the bit changed.</returns>
    public bool Set(int index, bool value)
    {
        var mask = (byte)(0x80 >> (index & 7));
        ref var b = ref _bytes[index >> 3];
        var was = (b & mask) != 0;
        if (was == value)
        {
            return false;
        }

        b = value ? (byte)(b | mask) : (byte)(b & ~mask);
        SetCount += value ? 1 : -1;
        return true;
    }

    /// <summary>Sets every bit.</summary>
    public void SetAll()
    {
        Array.Fill(_bytes, (byte)0xFF);
        ClearSpareBits();
        SetCount = Count;
    }

    /// <summary>Clears every bit.</summary>
    public void ClearAll()
    {
        Array.Clear(_bytes);
        SetCount = 0;
    }

    /// <summary>Replaces the contents from wire bytes.</summary>
    /// <returns>False if <paramref name="bytes"/> has the wrong length or spare bits set (a protocol violation).</returns>
    public bool TryLoad(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != _bytes.Length)
        {
            return false;
        }

        var rest = Count & 7;
        if (rest != 0 && (bytes[^1] & (0xFF >> rest)) != 0)
        {
            return false;
        }

        bytes.CopyTo(_bytes);
        SetCount = PopCount();
        return true;
    }

    /// <summary>True if some bit is set here and also in <paramref name="mask"/>.</summary>
    public bool Intersects(Bitfield mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var a = _bytes.AsSpan();
        var b = mask._bytes.AsSpan();

        // Runs after every verified piece for every peer: compare eight bytes at a time.
        var wordsA = MemoryMarshal.Cast<byte, ulong>(a);
        var wordsB = MemoryMarshal.Cast<byte, ulong>(b);
        for (var i = 0; i < wordsA.Length; i++)
        {
            if ((wordsA[i] & wordsB[i]) != 0)
            {
                return true;
            }
        }

        for (var i = wordsA.Length * 8; i < a.Length; i++)
        {
            if ((a[i] & b[i]) != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A read-only view for the SDK.</summary>
    public ReadOnlyBitfield AsReadOnly() => new(_bytes, Count);

    /// <summary>A copy of the bytes.</summary>
    public byte[] ToArray() => (byte[])_bytes.Clone();

    private int PopCount()
    {
        var total = 0;
        foreach (var b in _bytes)
        {
            total += BitOperations.PopCount(b);
        }

        return total;
    }

    private void ClearSpareBits()
    {
        var rest = Count & 7;
        if (rest != 0)
        {
            _bytes[^1] &= (byte)(0xFF << (8 - rest));
        }
    }
}
