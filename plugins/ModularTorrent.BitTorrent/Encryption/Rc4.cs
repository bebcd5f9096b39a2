namespace ModularTorrent.BitTorrent.Encryption;

/// <summary>
/// The RC4 stream cipher (ARCFOUR), needed by BitTorrent's message stream encryption and absent from
/// System.Security.Cryptography. Not thread-safe: one instance per direction of one connection.
/// </summary>
public sealed class Rc4
{
    private readonly byte[] _state = new byte[256];
    private byte _i;
    private byte _j;

    /// <summary>Runs the key schedule for <paramref name="key"/> (1 to 256 bytes).</summary>
    /// <exception cref="ArgumentException">The key is empty or longer than 256 bytes.</exception>
    public Rc4(ReadOnlySpan<byte> key)
    {
        if (key.IsEmpty || key.Length > 256)
        {
            throw new ArgumentException($"An RC4 key is 1 to 256 bytes, got {key.Length}.", nameof(key));
        }

        var s = _state;
        for (var n = 0; n < 256; n++)
        {
            s[n] = (byte)n;
        }

        byte j = 0;
        for (var n = 0; n < 256; n++)
        {
            j = (byte)(j + s[n] + key[n % key.Length]);
            (s[n], s[j]) = (s[j], s[n]);
        }
    }

    /// <summary>XORs the key stream into <paramref name="data"/> in place (encrypts or decrypts).</summary>
    public void Transform(Span<byte> data) => Transform(data, data);

    /// <summary>Writes <paramref name="input"/> XOR the key stream to <paramref name="output"/> (at least as long; may be the same memory).</summary>
    /// <exception cref="ArgumentException">The output is shorter than the input.</exception>
    public void Transform(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (output.Length < input.Length)
        {
            throw new ArgumentException("The output is shorter than the input.", nameof(output));
        }

        // Locals keep i, j and the table in registers; the byte arithmetic wraps at 256 for free.
        var s = _state.AsSpan(0, 256);
        var i = _i;
        var j = _j;
        for (var n = 0; n < input.Length; n++)
        {
            i++;
            var si = s[i];
            j = (byte)(j + si);
            var sj = s[j];
            s[i] = sj;
            s[j] = si;
            output[n] = (byte)(input[n] ^ s[(byte)(si + sj)]);
        }

        _i = i;
        _j = j;
    }

    /// <summary>Advances the key stream by <paramref name="count"/> bytes without using them (MSE discards the first 1024).</summary>
    public void Discard(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Span<byte> scratch = stackalloc byte[256];
        while (count > 0)
        {
            var chunk = Math.Min(count, scratch.Length);
            Transform(scratch[..chunk]);
            count -= chunk;
        }
    }
}
