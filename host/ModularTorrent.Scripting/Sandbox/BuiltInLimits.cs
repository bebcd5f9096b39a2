using System.Globalization;
using Jint;
using Jint.Native;
using Jint.Native.RegExp;
using Jint.Runtime;
using Jint.Runtime.Descriptors;

namespace ModularTorrent.Scripting.Sandbox;

/// <summary>
/// Size checks made before a built-in runs. A built-in is one native call: no guard runs inside it, so one that
/// multiplies its inputs (join of many huge strings, a global replace with a huge replacement, split into
/// millions of pieces) must be refused up front, or it would allocate gigabytes where the watchdog cannot stop it.
/// Where a check converts an argument to a string it passes the converted value on, so a script's
/// <c>toString</c> cannot answer one thing to the check and another to the built-in.
/// </summary>
internal static class BuiltInLimits
{
    /// <summary>The length of an array or array-like, refused over <see cref="SandboxOptions.MaxArrayLength"/>.</summary>
    /// <remarks>The length must be a plain data value: a getter or an object could answer differently when the built-in reads it again.</remarks>
    public static uint Length(Engine engine, JsValue self, SandboxOptions options, string method)
    {
        if (self.IsNull() || self.IsUndefined())
        {
            return 0; // the built-in throws its own TypeError
        }

        var target = TypeConverter.ToObject(engine, self);
        var descriptor = target.GetProperty("length");
        if (descriptor == PropertyDescriptor.Undefined)
        {
            return 0;
        }

        if (descriptor.IsAccessorDescriptor() || descriptor.Value is null || descriptor.Value.IsObject())
        {
            throw Refused($"{method}: an array-like's length must be a plain number in rules.");
        }

        var length = TypeConverter.ToUint32(descriptor.Value);
        return length <= options.MaxArrayLength ? length : throw Refused($"{method}: the array's length {length} is over the limit of {options.MaxArrayLength}.");
    }

    /// <summary><c>join</c> (and the conversions that call it): refuses an output over half the memory budget, in characters.</summary>
    public static JsValue[] Join(Engine engine, JsValue self, JsValue[] arguments, SandboxOptions options, string method)
    {
        var length = Length(engine, self, options, method);
        if (self.IsNull() || self.IsUndefined())
        {
            return arguments;
        }

        var separator = method == "join" && arguments.Length > 0 && !arguments[0].IsUndefined() ? TypeConverter.ToString(arguments[0]) : ",";
        var target = TypeConverter.ToObject(engine, self);
        long total = length == 0 ? 0 : (long)(length - 1) * separator.Length;
        for (uint i = 0; i < length; i++)
        {
            // Primitive strings are appended natively; objects go through their own (guarded) toString.
            var element = target.GetProperty(i.ToString(CultureInfo.InvariantCulture));
            if (element.IsDataDescriptor() && element.Value is { } value && value.IsString())
            {
                total += value.AsString().Length;
            }
            else
            {
                total += 24; // a number, boolean, null, or the start of an object's text
            }
        }

        RequireChars(total, options, method);
        return method == "join" ? [new JsValue(separator)] : arguments;
    }

    /// <summary><c>concat</c>: the result's length is the sum of its parts.</summary>
    public static void Concat(Engine engine, JsValue self, JsValue[] arguments, SandboxOptions options)
    {
        long total = Length(engine, self, options, "concat");
        foreach (var argument in arguments)
        {
            total += argument.IsArray() ? Length(engine, argument, options, "concat") : 1;
        }

        if (total > options.MaxArrayLength)
        {
            throw Refused($"concat: the result would have {total} elements; the limit is {options.MaxArrayLength}.");
        }
    }

    /// <summary><c>replace</c> with a global pattern and a string replacement: every match appends the replacement.</summary>
    public static (JsValue Self, JsValue[] Arguments) Replace(JsValue self, JsValue[] arguments, SandboxOptions options)
    {
        if (self.IsNull() || self.IsUndefined() || arguments.Length < 2 || !IsGlobalRegExp(arguments[0]) || arguments[1].IsObject() && arguments[1].AsObject() is ICallable)
        {
            return (self, arguments);
        }

        var text = TypeConverter.ToString(self);
        var replacement = TypeConverter.ToString(arguments[1]);
        var perMatch = replacement.Length + 1L + (replacement.Contains('$', StringComparison.Ordinal) ? text.Length : 0);
        RequireChars((text.Length + 1L) * perMatch, options, "replace");
        return (new JsValue(text), [arguments[0], new JsValue(replacement), .. arguments.AsSpan(2)]);
    }

    /// <summary><c>split</c>: at most one piece per character, plus one, or the limit when given.</summary>
    public static (JsValue Self, JsValue[] Arguments) Split(JsValue self, JsValue[] arguments, SandboxOptions options)
    {
        if (self.IsNull() || self.IsUndefined())
        {
            return (self, arguments); // the built-in throws its own TypeError
        }

        var text = TypeConverter.ToString(self);
        long pieces = text.Length + 1L;
        if (arguments.Length > 1 && !arguments[1].IsUndefined())
        {
            var limit = TypeConverter.ToUint32(arguments[1]);
            pieces = Math.Min(pieces, limit);
            arguments = [arguments[0], new JsValue(limit), .. arguments.AsSpan(2)];
        }

        if (pieces > options.MaxArrayLength)
        {
            throw Refused($"split: a string of {text.Length} characters could give more than {options.MaxArrayLength} pieces; pass a limit.");
        }

        return (new JsValue(text), arguments);
    }

    /// <summary><c>match</c> with a global pattern returns every match.</summary>
    public static JsValue Match(JsValue self, RegExpInstance pattern, SandboxOptions options)
    {
        if (self.IsNull() || self.IsUndefined())
        {
            return self; // the built-in throws its own TypeError
        }

        var text = TypeConverter.ToString(self);
        if (pattern.Global && text.Length + 1L > options.MaxArrayLength)
        {
            throw Refused($"match: a global match on {text.Length} characters could give more than {options.MaxArrayLength} results.");
        }

        return new JsValue(text);
    }

    private static bool IsGlobalRegExp(JsValue value) => value.IsObject() && value.AsObject() is RegExpInstance { Global: true };

    private static void RequireChars(long chars, SandboxOptions options, string method)
    {
        var max = options.MaxAllocatedBytes / 2;
        if (chars > max)
        {
            throw Refused($"{method}: the result could reach {chars} characters; the limit is {max}.");
        }
    }

    private static SandboxLimitException Refused(string message) => new(SandboxErrorKind.SizeLimit, message);
}
