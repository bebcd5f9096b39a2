using Jint;
using Jint.Native;
using Jint.Runtime.Interop;

namespace ModularTorrent.Scripting.Sandbox;

/// <summary>
/// Native functions woven into prepared programs as literal callees. They are never reachable as values from a
/// script (a literal in callee position only yields its call's result), so one instance serves every engine;
/// each finds its evaluation through <see cref="EvaluationContext.Current"/>.
/// </summary>
internal static class SharedNatives
{
    // An engine only to own the two functions; it never runs code.
    private static readonly Engine Owner = new();

    /// <summary>Checks every sandbox limit; placed before each statement and loop iteration.</summary>
    public static JsValue Guard { get; } = new ClrFunctionInstance(Owner, (_, _) =>
    {
        Require().CheckStatement();
        return JsValue.Undefined;
    });

    /// <summary>
    /// Builds a regular expression from a literal's raw text in the running engine. Jint 2.10 caches a literal's
    /// RegExp object on the shared syntax tree, which would leak one evaluation's object into the next.
    /// </summary>
    public static JsValue RegExpFactory { get; } = new ClrFunctionInstance(Owner, (_, arguments) =>
    {
        var context = Require();
        context.Check();
        return BoundedRegex.Bound(context.Engine.RegExp.Construct(arguments[0].AsString()), context.Options.RegexTimeout);
    });

    private static EvaluationContext Require() =>
        EvaluationContext.Current ?? throw new InvalidOperationException("A prepared rule ran outside the sandbox.");
}
