using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace ModularTorrent.BitTorrent.Bencoding;

/// <summary>
/// Writes bencode into an <see cref="IBufferWriter{T}"/>. The caller is responsible for writing
/// dictionary keys in sorted order; <see cref="BencodeValue.WriteTo"/> does that for trees.
/// </summary>
public sealed class BencodeWriter
{
    private readonly IBufferWriter<byte> _output;
    private readonly ArrayBufferWriter<byte>? _own;
    private int _depth;

    /// <summary>Creates a writer into its own growable buffer (see <see cref="ToArray"/>).</summary>
    public BencodeWriter()
    {
        _own = new ArrayBufferWriter<byte>(256);
        _output = _own;
    }

    /// <summary>Creates a writer into <paramref name="output"/>.</summary>
    public BencodeWriter(IBufferWriter<byte> output) => _output = output ?? throw new ArgumentNullException(nameof(output));

    /// <summary>Open containers not yet closed.</summary>
    public int Depth => _depth;

    /// <summary>Writes <c>i&lt;value&gt;e</c>.</summary>
    public void WriteInteger(long value)
    {
        var span = _output.GetSpan(22);
        span[0] = (byte)'i';
        Utf8Formatter.TryFormat(value, span[1..], out var written);
        span[1 + written] = (byte)'e';
        _output.Advance(written + 2);
    }

    /// <summary>Writes a byte string.</summary>
    public void WriteString(ReadOnlySpan<byte> value)
    {
        var span = _output.GetSpan(value.Length + 11);
        Utf8Formatter.TryFormat(value.Length, span, out var written);
        span[written++] = (byte)':';
        value.CopyTo(span[written..]);
        _output.Advance(written + value.Length);
    }

    /// <summary>Writes text as a UTF-8 byte string.</summary>
    public void WriteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var length = Encoding.UTF8.GetByteCount(value);
        var span = _output.GetSpan(length + 11);
        Utf8Formatter.TryFormat(length, span, out var written);
        span[written++] = (byte)':';
        Encoding.UTF8.GetBytes(value, span[written..]);
        _output.Advance(written + length);
    }

    /// <summary>Writes <c>l</c>.</summary>
    public void WriteListStart() => WriteToken((byte)'l', 1);

    /// <summary>Writes <c>d</c>.</summary>
    public void WriteDictionaryStart() => WriteToken((byte)'d', 1);

    /// <summary>Writes the <c>e</c> that closes the innermost open container.</summary>
    public void WriteEnd()
    {
        if (_depth == 0)
        {
            throw new InvalidOperationException("No open list or dictionary to end.");
        }

        WriteToken((byte)'e', -1);
    }

    /// <summary>Copies already-encoded bytes (for example a raw info dictionary) verbatim.</summary>
    public void WriteRaw(ReadOnlySpan<byte> encoded)
    {
        var span = _output.GetSpan(encoded.Length);
        encoded.CopyTo(span);
        _output.Advance(encoded.Length);
    }

    /// <summary>The bytes written so far, when the writer owns its buffer.</summary>
    public ReadOnlyMemory<byte> WrittenMemory =>
        _own?.WrittenMemory ?? throw new InvalidOperationException("The writer was created over an external buffer.");

    /// <summary>A copy of the bytes written so far, when the writer owns its buffer.</summary>
    public byte[] ToArray() => WrittenMemory.ToArray();

    private void WriteToken(byte token, int depthChange)
    {
        _output.GetSpan(1)[0] = token;
        _output.Advance(1);
        _depth += depthChange;
    }
}
