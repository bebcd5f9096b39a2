using System.Globalization;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace ModularTorrent.Scripting.Sandbox;

/// <summary>
/// Builds the facts object of an evaluation straight from flat JSON text, as Jint's <c>JSON.parse</c> would build
/// it (a plain object of the running engine, members in text order, each writable, enumerable and configurable;
/// numbers read by the same <see cref="double.Parse(string, NumberStyles, IFormatProvider)"/> call), without
/// Jint's lexer, which builds every number one concatenated character at a time.
/// </summary>
/// <remarks>
/// Only a strict subset is read here: one object whose names and string values have no escapes and no control
/// characters, numbers in JSON's own grammar, <c>true</c>, <c>false</c>, <c>null</c>. Anything else (escapes,
/// nested values, malformed text) is declined and goes through Jint's <c>JSON.parse</c>, so what a script
/// receives, and every error message, is unchanged.
/// </remarks>
internal static class FlatFactsParser
{
    private const NumberStyles JintNumberStyles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>Builds the object, or returns null when the text is outside the subset.</summary>
    public static ObjectInstance? TryBuild(Engine engine, string json)
    {
        var text = json.AsSpan();
        var i = SkipWhiteSpace(text, 0);
        if (i >= text.Length || text[i] != '{')
        {
            return null;
        }

        var facts = engine.Object.Construct(Arguments.Empty);
        i = SkipWhiteSpace(text, i + 1);
        if (i < text.Length && text[i] == '}')
        {
            return SkipWhiteSpace(text, i + 1) == text.Length ? facts : null;
        }

        while (true)
        {
            if (!TryString(text, ref i, out var name))
            {
                return null;
            }

            i = SkipWhiteSpace(text, i);
            if (i >= text.Length || text[i] != ':')
            {
                return null;
            }

            i = SkipWhiteSpace(text, i + 1);
            if (!TryValue(text, ref i, out var value))
            {
                return null;
            }

            facts.FastAddProperty(name, value, writable: true, enumerable: true, configurable: true);
            i = SkipWhiteSpace(text, i);
            if (i >= text.Length)
            {
                return null;
            }

            if (text[i] == '}')
            {
                return SkipWhiteSpace(text, i + 1) == text.Length ? facts : null;
            }

            if (text[i] != ',')
            {
                return null;
            }

            i = SkipWhiteSpace(text, i + 1);
        }
    }

    private static bool TryValue(ReadOnlySpan<char> text, ref int i, out JsValue value)
    {
        value = JsValue.Undefined;
        if (i >= text.Length)
        {
            return false;
        }

        switch (text[i])
        {
            case '"':
                if (!TryString(text, ref i, out var s))
                {
                    return false;
                }

                value = new JsValue(s);
                return true;
            case 't':
                return TryWord(text, ref i, "true", new JsValue(true), out value);
            case 'f':
                return TryWord(text, ref i, "false", new JsValue(false), out value);
            case 'n':
                return TryWord(text, ref i, "null", JsValue.Null, out value);
            default:
                return TryNumber(text, ref i, out value);
        }
    }

    /// <summary>A string with no escape and no control character; <paramref name="i"/> is on its opening quote.</summary>
    private static bool TryString(ReadOnlySpan<char> text, ref int i, out string value)
    {
        value = string.Empty;
        if (i >= text.Length || text[i] != '"')
        {
            return false;
        }

        var start = i + 1;
        for (var end = start; end < text.Length; end++)
        {
            var c = text[end];
            if (c == '"')
            {
                value = text[start..end].ToString();
                i = end + 1;
                return true;
            }

            if (c == '\\' || c < ' ')
            {
                return false;
            }
        }

        return false;
    }

    private static bool TryWord(ReadOnlySpan<char> text, ref int i, string word, JsValue literal, out JsValue value)
    {
        value = literal;
        var end = i + word.Length;
        if (!text[i..].StartsWith(word, StringComparison.Ordinal) || (end < text.Length && char.IsAsciiLetterOrDigit(text[end])))
        {
            return false;
        }

        i = end;
        return true;
    }

    /// <summary>JSON's number grammar: <c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c>.</summary>
    private static bool TryNumber(ReadOnlySpan<char> text, ref int i, out JsValue value)
    {
        value = JsValue.Undefined;
        var start = i;
        var end = i;
        if (end < text.Length && text[end] == '-')
        {
            end++;
        }

        if (end >= text.Length || !char.IsAsciiDigit(text[end]))
        {
            return false;
        }

        if (text[end] == '0')
        {
            end++;
        }
        else
        {
            end = Digits(text, end);
        }

        if (end < text.Length && text[end] == '.')
        {
            var fraction = Digits(text, end + 1);
            if (fraction == end + 1)
            {
                return false;
            }

            end = fraction;
        }

        if (end < text.Length && text[end] is 'e' or 'E')
        {
            var exponent = end + 1;
            if (exponent < text.Length && text[exponent] is '+' or '-')
            {
                exponent++;
            }

            var digits = Digits(text, exponent);
            if (digits == exponent)
            {
                return false;
            }

            end = digits;
        }

        // A digit or letter straight after the number is malformed ("01", "1x"): Jint reports it.
        if (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '.'))
        {
            return false;
        }

        value = new JsValue(double.Parse(text[start..end], JintNumberStyles, CultureInfo.InvariantCulture));
        i = end;
        return true;
    }

    private static int Digits(ReadOnlySpan<char> text, int i)
    {
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        return i;
    }

    // JSON's white space, which is also all Jint's JSON lexer skips.
    private static int SkipWhiteSpace(ReadOnlySpan<char> text, int i)
    {
        while (i < text.Length && text[i] is ' ' or '\t' or '\n' or '\r')
        {
            i++;
        }

        return i;
    }
}
