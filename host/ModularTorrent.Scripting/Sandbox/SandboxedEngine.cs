using System.Globalization;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Native.RegExp;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;

namespace ModularTorrent.Scripting.Sandbox;

/// <summary>
/// Builds the fresh engine of one evaluation and closes the holes Jint 2.10 leaves: no <c>eval</c> or
/// <c>Function</c> constructor (they would compile code the preparer never guarded), built-ins that loop to an
/// array's <c>length</c> refuse huge lengths (a sparse <c>new Array(4e9)</c> would spin in native code where no
/// guard runs), built-ins that multiply their input refuse outputs past the memory budget (<see cref="BuiltInLimits"/>),
/// <c>JSON.parse</c> refuses long or deep texts (its parser recurses), <c>JSON.stringify</c> is bounded,
/// regexes get a match timeout (<see cref="BoundedRegex"/>), and a captured <c>console.log</c>. Every function handed to the script belongs to this engine alone.
/// A fresh engine per evaluation is the main cost, so a built-in is only replaced when the script can reach
/// it: when it mentions its name, or reaches properties by computed names (then all are), or when the engine
/// calls it implicitly (<c>toString</c>, <c>toLocaleString</c>, <c>join</c> in conversions); which ones is worked
/// out once per script (<see cref="HardeningPlan"/>).
/// </summary>
internal static class SandboxedEngine
{
    public static Engine Create(SandboxOptions options) =>
        new(o => o
            .MaxStatements(options.MaxStatements)
            .TimeoutInterval(options.Timeout)
            .Culture(CultureInfo.InvariantCulture)
            .LocalTimeZone(TimeZoneInfo.Utc));

    public static void Harden(Engine engine, EvaluationContext context, HardeningPlan plan)
    {
        engine.Global.RemoveOwnProperty("eval");
        engine.Global.RemoveOwnProperty("Function");
        engine.Function.PrototypeObject.RemoveOwnProperty("constructor");

        var options = context.Options;
        var arrayPrototype = engine.Array.PrototypeObject;
        foreach (var name in plan.ArrayMethods)
        {
            Wrap(engine, arrayPrototype, name, context, name switch
            {
                "join" or "toString" or "toLocaleString" => (self, arguments) => (self, BuiltInLimits.Join(engine, self, arguments, options, name)),
                "concat" => (self, arguments) =>
                {
                    BuiltInLimits.Concat(engine, self, arguments, options);
                    return (self, arguments);
                },
                _ => (self, arguments) =>
                {
                    BuiltInLimits.Length(engine, self, options, name);
                    return (self, arguments);
                },
            });
        }

        if (plan.Apply)
        {
            Wrap(engine, engine.Function.PrototypeObject, "apply", context, (self, arguments) =>
            {
                if (arguments.Length > 1 && arguments[1].IsObject())
                {
                    BuiltInLimits.Length(engine, arguments[1], options, "apply");
                }

                return (self, arguments);
            });
        }

        var timeout = options.RegexTimeout;
        var regExpPrototype = engine.RegExp.PrototypeObject;
        foreach (var name in plan.RegExpMethods)
        {
            Wrap(engine, regExpPrototype, name, context, (self, arguments) =>
            {
                BoundedRegex.BoundIfRegExp(self, timeout);
                return (self, arguments);
            });
        }

        var stringPrototype = engine.String.PrototypeObject;
        if (plan.Replace)
        {
            Wrap(engine, stringPrototype, "replace", context, (self, arguments) =>
            {
                if (arguments.Length > 0)
                {
                    BoundedRegex.BoundIfRegExp(arguments[0], timeout);
                }

                return BuiltInLimits.Replace(self, arguments, options);
            });
        }

        if (plan.Split)
        {
            Wrap(engine, stringPrototype, "split", context, (self, arguments) =>
            {
                if (arguments.Length > 0)
                {
                    BoundedRegex.BoundIfRegExp(arguments[0], timeout);
                }

                return BuiltInLimits.Split(self, arguments, options);
            });
        }

        foreach (var name in plan.StringMatchers)
        {
            // These turn a non-RegExp argument into a RegExp internally: build it here, bounded, instead.
            Wrap(engine, stringPrototype, name, context, (self, arguments) =>
            {
                if (arguments.Length == 0 || arguments[0].IsUndefined() || arguments[0].IsNull())
                {
                    return (self, arguments);
                }

                var pattern = arguments[0].IsObject() && arguments[0].AsObject() is RegExpInstance instance
                    ? BoundedRegex.Bound(instance, timeout)
                    : BoundedRegex.Bound((RegExpInstance)engine.RegExp.Construct([arguments[0]]), timeout);
                var text = name == "match" ? BuiltInLimits.Match(self, pattern, options) : self;

                // A new array: Jint may hand built-ins an argument array cached on the shared syntax tree.
                return (text, [pattern, .. arguments.AsSpan(1)]);
            });
        }

        if (plan.Json)
        {
            HardenJson(engine, context);
        }

        if (plan.Console)
        {
            AddConsole(engine, context);
        }
    }

    private static void HardenJson(Engine engine, EvaluationContext context)
    {
        var json = engine.Json;
        var parse = json.Get("parse").TryCast<ICallable>();
        Set(json, "parse", new ClrFunctionInstance(engine, (self, arguments) =>
        {
            context.Check();
            var text = TypeConverter.ToString(arguments.Length > 0 ? arguments[0] : JsValue.Undefined);
            if (text.Length > context.Options.MaxJsonLength)
            {
                throw new SandboxLimitException(SandboxErrorKind.SizeLimit, $"JSON.parse: the text is {text.Length} characters long; the limit is {context.Options.MaxJsonLength}.");
            }

            JsonDepth.Require(text, context.Options.MaxJsonDepth);
            return parse.Call(self, [new JsValue(text), .. arguments.Skip(1)]);
        }, 2));
        Set(json, "stringify", new ClrFunctionInstance(engine, (_, arguments) =>
        {
            context.Check();
            return JsFormatter.Stringify(context, arguments);
        }, 3));
    }

    private static void AddConsole(Engine engine, EvaluationContext context)
    {
        var console = engine.Object.Construct(Arguments.Empty);
        Set(console, "log", new ClrFunctionInstance(engine, (_, arguments) =>
        {
            context.Check();
            if (!context.Console.IsFull)
            {
                context.Console.Append(JsFormatter.ConsoleLine(context, arguments));
            }

            return JsValue.Undefined;
        }, 0));
        Set(engine.Global, "console", console);
    }

    /// <summary>Replaces a built-in by one that checks the guards, then may check or substitute its receiver and arguments.</summary>
    private static void Wrap(Engine engine, ObjectInstance target, string name, EvaluationContext context, Func<JsValue, JsValue[], (JsValue Self, JsValue[] Arguments)> prepare)
    {
        var original = target.Get(name);
        var callable = original.TryCast<ICallable>();
        var length = TypeConverter.ToInt32(original.AsObject().Get("length"));
        Set(target, name, new ClrFunctionInstance(engine, (self, arguments) =>
        {
            context.Check();
            var (checkedSelf, checkedArguments) = prepare(self, arguments);
            return callable.Call(checkedSelf, checkedArguments);
        }, length));
    }

    private static void Set(ObjectInstance target, string name, JsValue value) =>
        target.FastSetProperty(name, new PropertyDescriptor(value, writable: true, enumerable: false, configurable: true));
}
