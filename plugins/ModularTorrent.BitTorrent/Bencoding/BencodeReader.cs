using System.Buffers.Text;

namespace ModularTorrent.BitTorrent.Bencoding;

/// <summary>
/// A forward-only, allocation-free bencode tokenizer over a span. Each Read method validates the
/// token strictly (no leading zeros, no <c>-0</c>, bounded lengths and depth) and throws a
/// <see cref="BencodeException"/> that names the byte offset of the problem.
/// </summary>
public ref struct BencodeReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly BencodeLimits _limits;
    private int _position;
    private int _depth;

    /// <summary>Creates a reader over <paramref name="data"/>.</summary>
    public BencodeReader(ReadOnlySpan<byte> data, BencodeLimits? limits = null)
    {
        _data = data;
        _limits = limits ?? BencodeLimits.Default;
        _position = 0;
        _depth = 0;
    }

    /// <summary>Offset of the next unread byte.</summary>
    public readonly int Position => _position;

    /// <summary>Current container nesting.</summary>
    public readonly int Depth => _depth;

    /// <summary>True when every byte has been consumed.</summary>
    public readonly bool IsAtEnd => _position >= _data.Length;

    /// <summary>The kind of the next value.</summary>
    /// <exception cref="BencodeException">At the end of input, or on a byte that cannot start a value (including <c>e</c>).</exception>
    public readonly BencodeType PeekType()
    {
        if (_position >= _data.Length)
        {
            throw new BencodeException("Unexpected end of input, a value was expected", _position);
        }

        return _data[_position] switch
        {
            (byte)'i' => BencodeType.Integer,
            (byte)'l' => BencodeType.List,
            (byte)'d' => BencodeType.Dictionary,
            >= (byte)'0' and <= (byte)'9' => BencodeType.String,
            _ => throw new BencodeException($"Unexpected byte 0x{_data[_position]:x2}, a value was expected", _position),
        };
    }

    /// <summary>True if the next byte closes the current container.</summary>
    public readonly bool PeekEnd() => _position < _data.Length && _data[_position] == (byte)'e';

    /// <summary>Reads <c>i&lt;digits&gt;e</c>.</summary>
    public long ReadInteger()
    {
        var start = _position;
        Expect((byte)'i', "an integer");
        var end = _data[_position..].IndexOf((byte)'e');
        if (end < 0)
        {
            throw new BencodeException("Unterminated integer", start);
        }

        var digits = _data.Slice(_position, end);
        ValidateIntegerDigits(digits, _position);
        if (!Utf8Parser.TryParse(digits, out long value, out var consumed) || consumed != digits.Length)
        {
            throw new BencodeException("Integer out of the 64-bit range", _position);
        }

        _position += end + 1;
        return value;
    }

    /// <summary>Reads <c>&lt;length&gt;:&lt;bytes&gt;</c> and returns the bytes (a slice of the input, no copy).</summary>
    public ReadOnlySpan<byte> ReadString()
    {
        var start = _position;
        if (_position >= _data.Length)
        {
            throw new BencodeException("Unexpected end of input, a string was expected", start);
        }

        if (_data[_position] is < (byte)'0' or > (byte)'9')
        {
            throw new BencodeException($"Unexpected byte 0x{_data[_position]:x2}, a string was expected", start);
        }

        var colon = _data[_position..].IndexOf((byte)':');
        if (colon < 0)
        {
            throw new BencodeException("String length without ':'", start);
        }

        var digits = _data.Slice(_position, colon);
        if (digits.Length > 1 && digits[0] == (byte)'0')
        {
            throw new BencodeException("String length with a leading zero", start);
        }

        if (digits.Length > 10 || !Utf8Parser.TryParse(digits, out long length, out var consumed) || consumed != digits.Length)
        {
            throw new BencodeException("Invalid string length", start);
        }

        if (length > _limits.MaxStringLength)
        {
            throw new BencodeException($"String of {length} bytes exceeds the limit of {_limits.MaxStringLength}", start);
        }

        var payloadStart = _position + colon + 1;
        if (length > _data.Length - payloadStart)
        {
            throw new BencodeException($"String of {length} bytes runs past the end of input", start);
        }

        _position = payloadStart + (int)length;
        return _data.Slice(payloadStart, (int)length);
    }

    /// <summary>Reads the <c>l</c> that opens a list.</summary>
    public void ReadListStart()
    {
        Expect((byte)'l', "a list");
        Enter();
    }

    /// <summary>Reads the <c>d</c> that opens a dictionary.</summary>
    public void ReadDictionaryStart()
    {
        Expect((byte)'d', "a dictionary");
        Enter();
    }

    /// <summary>Consumes the <c>e</c> closing the current container if it is next.</summary>
    /// <returns>True if the container ended.</returns>
    public bool TryReadEnd()
    {
        if (_depth == 0 || !PeekEnd())
        {
            if (_depth > 0 && _position >= _data.Length)
            {
                throw new BencodeException("Unexpected end of input inside a container", _position);
            }

            return false;
        }

        _position++;
        _depth--;
        return true;
    }

    /// <summary>Skips the next value, validating it, and returns the range it occupied.</summary>
    public Range SkipValue()
    {
        var start = _position;
        switch (PeekType())
        {
            case BencodeType.Integer:
                ReadInteger();
                break;
            case BencodeType.String:
                ReadString();
                break;
            case BencodeType.List:
                ReadListStart();
                while (!TryReadEnd())
                {
                    SkipValue();
                }

                break;
            default:
                ReadDictionaryStart();
                ReadOnlySpan<byte> previous = default;
                var first = true;
                while (!TryReadEnd())
                {
                    var keyOffset = _position;
                    var key = ReadString();
                    CheckKeyOrder(previous, key, first, keyOffset);
                    previous = key;
                    first = false;
                    SkipValue();
                }

                break;
        }

        return new Range(start, _position);
    }

    /// <summary>Validates that <paramref name="key"/> may follow <paramref name="previous"/> in one dictionary.</summary>
    public readonly void CheckKeyOrder(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> key, bool first, int keyOffset)
    {
        if (first)
        {
            return;
        }

        var order = key.SequenceCompareTo(previous);
        if (order == 0)
        {
            throw new BencodeException("Duplicate dictionary key", keyOffset);
        }

        if (order < 0 && _limits.RequireSortedKeys)
        {
            throw new BencodeException("Dictionary keys are not sorted", keyOffset);
        }
    }

    private static void ValidateIntegerDigits(ReadOnlySpan<byte> digits, int offset)
    {
        if (digits.IsEmpty)
        {
            throw new BencodeException("Empty integer", offset);
        }

        var body = digits[0] == (byte)'-' ? digits[1..] : digits;
        if (body.IsEmpty)
        {
            throw new BencodeException("Integer with a sign and no digits", offset);
        }

        if (body.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            throw new BencodeException("Integer with a non-digit character", offset);
        }

        if (body[0] == (byte)'0' && (body.Length > 1 || body.Length != digits.Length))
        {
            throw new BencodeException(body.Length > 1 ? "Integer with a leading zero" : "Negative zero is not allowed", offset);
        }
    }

    private void Expect(byte token, string what)
    {
        if (_position >= _data.Length)
        {
            throw new BencodeException($"Unexpected end of input, {what} was expected", _position);
        }

        if (_data[_position] != token)
        {
            throw new BencodeException($"Unexpected byte 0x{_data[_position]:x2}, {what} was expected", _position);
        }

        _position++;
    }

    private void Enter()
    {
        if (++_depth > _limits.MaxDepth)
        {
            throw new BencodeException($"Nesting deeper than {_limits.MaxDepth}", _position - 1);
        }
    }
}
