using System.Globalization;
using System.Text;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;

namespace ModularTorrent.Scripting.Sandbox;

/// <summary>
/// The sandbox's own <c>JSON.stringify</c> and <c>console.log</c> formatting: bounded in depth, array length and
/// output size, and checking the guards as it goes. Jint's serializer loops to an array's <c>length</c> and
/// recurses without limit, so it is not offered to scripts.
/// </summary>
internal sealed class JsFormatter
{
    private const int MaxJsonChars = 1024 * 1024;
    private const int ConsoleDepth = 3;
    private const int ConsoleItems = 20;

    private readonly EvaluationContext context;
    private readonly StringBuilder output = new();
    private readonly List<ObjectInstance> stack = [];
    private readonly bool json;
    private readonly string indent;
    private readonly int maxChars;

    private JsFormatter(EvaluationContext context, bool json, string indent, int maxChars)
    {
        this.context = context;
        this.json = json;
        this.indent = indent;
        this.maxChars = maxChars;
    }

    public static JsValue Stringify(EvaluationContext context, JsValue[] arguments)
    {
        var value = arguments.Length > 0 ? arguments[0] : JsValue.Undefined;
        if (arguments.Length > 1 && !arguments[1].IsUndefined() && !arguments[1].IsNull())
        {
            throw new JavaScriptException(context.Engine.TypeError, "JSON.stringify: a replacer is not supported in rules.");
        }

        var indent = string.Empty;
        if (arguments.Length > 2)
        {
            var space = arguments[2];
            if (space.IsNumber())
            {
                indent = new string(' ', (int)Math.Clamp(space.AsNumber(), 0, 10));
            }
            else if (space.IsString())
            {
                var text = space.AsString();
                indent = text.Length > 10 ? text[..10] : text;
            }
        }

        var formatter = new JsFormatter(context, json: true, indent, MaxJsonChars);
        return formatter.WriteJson(value, string.Empty, 0) ? new JsValue(formatter.output.ToString()) : JsValue.Undefined;
    }

    public static string ConsoleLine(EvaluationContext context, JsValue[] arguments)
    {
        var formatter = new JsFormatter(context, json: false, string.Empty, context.Options.MaxConsoleChars);
        for (var i = 0; i < arguments.Length && formatter.output.Length < formatter.maxChars; i++)
        {
            if (i > 0)
            {
                formatter.output.Append(' ');
            }

            if (arguments[i].IsString())
            {
                formatter.Append(arguments[i].AsString());
            }
            else
            {
                formatter.WriteInspect(arguments[i], 0);
            }
        }

        return formatter.output.Length > formatter.maxChars ? formatter.output.ToString(0, formatter.maxChars) : formatter.output.ToString();
    }

    private bool WriteJson(JsValue value, string key, int depth)
    {
        context.Check();
        if (value.IsObject())
        {
            var toJson = value.AsObject().Get("toJSON");
            if (toJson.IsObject() && toJson.AsObject() is ICallable callable)
            {
                value = callable.Call(value, [new JsValue(key)]);
            }
        }

        if (value.IsObject())
        {
            var boxed = value.AsObject();
            value = boxed.Class switch
            {
                "Number" => new JsValue(TypeConverter.ToNumber(value)),
                "String" => new JsValue(TypeConverter.ToString(value)),
                "Boolean" => TypeConverter.ToPrimitive(value),
                _ => value,
            };
        }

        if (value.IsNull())
        {
            Append("null");
        }
        else if (value.IsBoolean())
        {
            Append(value.AsBoolean() ? "true" : "false");
        }
        else if (value.IsString())
        {
            Quote(value.AsString());
        }
        else if (value.IsNumber())
        {
            var number = value.AsNumber();
            Append(double.IsFinite(number) ? TypeConverter.ToString(value) : "null");
        }
        else if (value.IsObject() && value.AsObject() is not ICallable)
        {
            WriteContainer(value.AsObject(), depth);
        }
        else
        {
            return false;
        }

        return true;
    }

    private void WriteContainer(ObjectInstance target, int depth)
    {
        if (depth >= context.Options.MaxJsonDepth)
        {
            throw new SandboxLimitException(SandboxErrorKind.SizeLimit, $"JSON.stringify: the value nests deeper than {context.Options.MaxJsonDepth} levels.");
        }

        if (stack.Contains(target))
        {
            throw new JavaScriptException(context.Engine.TypeError, "JSON.stringify: the value is cyclic.");
        }

        stack.Add(target);
        var isArray = target.Class == "Array";
        Append(isArray ? "[" : "{");
        var first = true;
        if (isArray)
        {
            var length = TypeConverter.ToUint32(target.Get("length"));
            if (length > context.Options.MaxArrayLength)
            {
                throw new SandboxLimitException(SandboxErrorKind.SizeLimit, $"JSON.stringify: the array's length {length} is over the limit of {context.Options.MaxArrayLength}.");
            }

            for (uint i = 0; i < length; i++)
            {
                Separator(ref first, depth + 1);
                if (!WriteJson(target.Get(i.ToString(CultureInfo.InvariantCulture)), i.ToString(CultureInfo.InvariantCulture), depth + 1))
                {
                    Append("null");
                }
            }
        }
        else
        {
            foreach (var name in EnumerableKeys(target))
            {
                var mark = output.Length;
                var wasFirst = first;
                Separator(ref first, depth + 1);
                Quote(name);
                Append(indent.Length > 0 ? ": " : ":");
                if (!WriteJson(target.Get(name), name, depth + 1))
                {
                    output.Length = mark; // undefined and functions are left out
                    first = wasFirst;
                }
            }
        }

        if (!first && indent.Length > 0)
        {
            NewLine(depth);
        }

        Append(isArray ? "]" : "}");
        stack.RemoveAt(stack.Count - 1);
    }

    private void WriteInspect(JsValue value, int depth)
    {
        if (output.Length >= maxChars)
        {
            return;
        }

        if (value.IsUndefined())
        {
            Append("undefined");
        }
        else if (value.IsString())
        {
            Quote(value.AsString());
        }
        else if (value.IsPrimitive())
        {
            Append(TypeConverter.ToString(value));
        }
        else if (value.AsObject() is ICallable)
        {
            Append("[Function]");
        }
        else if (stack.Contains(value.AsObject()))
        {
            Append("[Circular]");
        }
        else if (depth >= ConsoleDepth)
        {
            Append(value.AsObject().Class == "Array" ? "[Array]" : "[Object]");
        }
        else
        {
            InspectContainer(value.AsObject(), depth);
        }
    }

    private void InspectContainer(ObjectInstance target, int depth)
    {
        context.Check();
        stack.Add(target);
        var isArray = target.Class == "Array";
        Append(isArray ? "[" : "{");
        var count = 0;
        if (isArray)
        {
            var length = TypeConverter.ToUint32(target.Get("length"));
            for (uint i = 0; i < length && count < ConsoleItems; i++, count++)
            {
                Append(count > 0 ? ", " : string.Empty);
                WriteInspect(DataValue(target.GetOwnProperty(i.ToString(CultureInfo.InvariantCulture))), depth + 1);
            }

            if (length > ConsoleItems)
            {
                Append($", … {length - ConsoleItems} more");
            }
        }
        else
        {
            foreach (var name in EnumerableKeys(target))
            {
                if (count++ == ConsoleItems)
                {
                    Append(", …");
                    break;
                }

                Append(count > 1 ? ", " : string.Empty);
                Append(name);
                Append(": ");
                // No getters from the console: printing must not run script code.
                var descriptor = target.GetOwnProperty(name);
                if (descriptor.IsAccessorDescriptor())
                {
                    Append("[Getter]");
                }
                else
                {
                    WriteInspect(DataValue(descriptor), depth + 1);
                }
            }
        }

        Append(isArray ? "]" : "}");
        stack.RemoveAt(stack.Count - 1);
    }

    private static JsValue DataValue(PropertyDescriptor descriptor) =>
        descriptor == PropertyDescriptor.Undefined || descriptor.IsAccessorDescriptor() ? JsValue.Undefined : descriptor.Value ?? JsValue.Undefined;

    private static List<string> EnumerableKeys(ObjectInstance target)
    {
        var keys = new List<string>();
        foreach (var pair in target.GetOwnProperties())
        {
            if (pair.Value.Enumerable == true)
            {
                keys.Add(pair.Key);
            }
        }

        return keys;
    }

    private void Separator(ref bool first, int depth)
    {
        if (!first)
        {
            Append(",");
        }

        first = false;
        if (indent.Length > 0)
        {
            NewLine(depth);
        }
    }

    private void NewLine(int depth)
    {
        Append("\n");
        for (var i = 0; i < depth; i++)
        {
            Append(indent);
        }
    }

    private void Quote(string text)
    {
        Append("\"");
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': Append("\\\""); break;
                case '\\': Append("\\\\"); break;
                case '\n': Append("\\n"); break;
                case '\r': Append("\\r"); break;
                case '\t': Append("\\t"); break;
                case '\b': Append("\\b"); break;
                case '\f': Append("\\f"); break;
                default:
                    if (c < ' ')
                    {
                        Append("\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        output.Append(c);
                    }

                    break;
            }
        }

        Append("\"");
    }

    private void Append(string text)
    {
        output.Append(text);
        if (output.Length > maxChars)
        {
            if (json)
            {
                throw new SandboxLimitException(SandboxErrorKind.SizeLimit, $"JSON.stringify: the output is longer than {maxChars} characters.");
            }

            output.Length = maxChars;
        }
    }
}
