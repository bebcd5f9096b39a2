using Jint.Native;
using Jint.Runtime.Descriptors;
using ModularTorrent.Sdk.Incentives;

namespace ModularTorrent.Scripting.Sandbox;

/// <summary>Reads a script's return value back as checked primitives; nothing of the engine leaves the sandbox.</summary>
internal static class ResultReader
{
    /// <exception cref="SandboxLimitException">The value is not a number, string, boolean, null or a flat object of those.</exception>
    public static RuleValue Read(JsValue value, SandboxOptions options)
    {
        if (!value.IsObject())
        {
            return ReadPrimitive(value, options, "The result");
        }

        var target = value.AsObject();
        if (target.Class != "Object")
        {
            throw Invalid($"The result is a {target.Class}; return a number, string, boolean, null or a flat object.");
        }

        var members = new Dictionary<string, RuleValue>(StringComparer.Ordinal);
        foreach (var pair in target.GetOwnProperties())
        {
            if (pair.Value.Enumerable != true)
            {
                continue;
            }

            if (members.Count == options.MaxResultMembers)
            {
                throw Invalid($"The result has more than {options.MaxResultMembers} members.");
            }

            if (pair.Value.IsAccessorDescriptor() || pair.Value == PropertyDescriptor.Undefined)
            {
                throw Invalid($"The result's member '{Shorten(pair.Key)}' is a getter; return plain values.");
            }

            var member = pair.Value.Value ?? JsValue.Undefined;
            if (member.IsObject())
            {
                throw Invalid($"The result's member '{Shorten(pair.Key)}' is an object; results are flat.");
            }

            members[Shorten(pair.Key, options.MaxResultStringLength, "member name")] = ReadPrimitive(member, options, $"The result's member '{Shorten(pair.Key)}'");
        }

        return new RuleValue { Kind = RuleValueKind.Object, Members = members };
    }

    private static RuleValue ReadPrimitive(JsValue value, SandboxOptions options, string what)
    {
        if (value.IsNumber())
        {
            var number = value.AsNumber();
            return double.IsFinite(number) ? RuleValue.FromNumber(number) : throw Invalid($"{what} is {number}; numbers must be finite.");
        }

        if (value.IsString())
        {
            var text = value.AsString();
            return text.Length <= options.MaxResultStringLength
                ? new RuleValue { Kind = RuleValueKind.String, Text = text }
                : throw Invalid($"{what} is a string of {text.Length} characters; the limit is {options.MaxResultStringLength}.");
        }

        if (value.IsBoolean())
        {
            return new RuleValue { Kind = RuleValueKind.Boolean, Boolean = value.AsBoolean() };
        }

        return RuleValue.Null; // null or undefined
    }

    private static string Shorten(string text, int max, string what) =>
        text.Length <= max ? text : throw Invalid($"A result {what} is longer than {max} characters.");

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static SandboxLimitException Invalid(string message) => new(SandboxErrorKind.InvalidResult, message);
}
