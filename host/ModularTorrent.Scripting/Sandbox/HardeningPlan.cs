using System.Collections.Immutable;

namespace ModularTorrent.Scripting.Sandbox;

/// <summary>
/// Which built-ins one script can reach, and so must be replaced in each of its engines (see
/// <see cref="SandboxedEngine"/>). It depends only on the names the script mentions, so it is worked out once
/// when the script is compiled instead of with a few dozen set lookups in every evaluation.
/// </summary>
internal sealed class HardeningPlan
{
    private static readonly string[] LengthBoundArrayMethods =
    [
        "toString", "toLocaleString", "concat", "join", "reverse", "shift", "slice", "sort", "splice", "unshift",
        "indexOf", "lastIndexOf", "every", "some", "forEach", "map", "filter", "reduce", "reduceRight",
    ];

    // The engine calls these itself in conversions, whether the script names them or not.
    private static readonly HashSet<string> CalledImplicitly = ["toString", "toLocaleString", "join"];

    private HardeningPlan(IReadOnlySet<string>? names)
    {
        bool Reachable(string name) => names is null || names.Contains(name) || CalledImplicitly.Contains(name);

        ArrayMethods = [.. LengthBoundArrayMethods.Where(Reachable)];
        Apply = Reachable("apply");
        RegExpMethods = [.. ((string[])["exec", "test"]).Where(Reachable)];
        Replace = Reachable("replace");
        Split = Reachable("split");
        StringMatchers = [.. ((string[])["match", "search"]).Where(Reachable)];
        Json = Reachable("JSON");
        Console = Reachable("console");
    }

    /// <summary>The plan for every built-in: for scripts that reach properties by computed names.</summary>
    public static HardeningPlan All { get; } = new(null);

    /// <summary>Array.prototype methods bounded by the array's length.</summary>
    public ImmutableArray<string> ArrayMethods { get; }

    /// <summary>Function.prototype.apply.</summary>
    public bool Apply { get; }

    /// <summary>RegExp.prototype methods given a match timeout.</summary>
    public ImmutableArray<string> RegExpMethods { get; }

    /// <summary>String.prototype.replace.</summary>
    public bool Replace { get; }

    /// <summary>String.prototype.split.</summary>
    public bool Split { get; }

    /// <summary>String.prototype methods that turn their argument into a RegExp.</summary>
    public ImmutableArray<string> StringMatchers { get; }

    /// <summary>JSON.parse and JSON.stringify.</summary>
    public bool Json { get; }

    /// <summary>The captured console.</summary>
    public bool Console { get; }

    /// <summary>The plan for a script that mentions <paramref name="names"/> (null: it reaches properties by computed names).</summary>
    public static HardeningPlan For(IReadOnlySet<string>? names) => names is null ? All : new(names);
}
