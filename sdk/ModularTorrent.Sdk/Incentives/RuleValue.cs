namespace ModularTorrent.Sdk.Incentives;

/// <summary>A value returned by a rule: a number, string, boolean, null, or a flat object of those.</summary>
public sealed record RuleValue
{
    /// <summary>The null value.</summary>
    public static RuleValue Null { get; } = new() { Kind = RuleValueKind.Null };

    /// <summary>Which kind of value this is.</summary>
    public required RuleValueKind Kind { get; init; }

    /// <summary>The number, when <see cref="Kind"/> is <see cref="RuleValueKind.Number"/>.</summary>
    public double Number { get; init; }

    /// <summary>The text, when <see cref="Kind"/> is <see cref="RuleValueKind.String"/>.</summary>
    public string? Text { get; init; }

    /// <summary>The boolean, when <see cref="Kind"/> is <see cref="RuleValueKind.Boolean"/>.</summary>
    public bool Boolean { get; init; }

    /// <summary>The members, when <see cref="Kind"/> is <see cref="RuleValueKind.Object"/>.</summary>
    public IReadOnlyDictionary<string, RuleValue>? Members { get; init; }

    /// <summary>A number value.</summary>
    /// <param name="number">The number.</param>
    public static RuleValue FromNumber(double number) => new() { Kind = RuleValueKind.Number, Number = number };

    /// <summary>The value as whole satoshis: a number, or an object with a numeric <c>satoshis</c> member.</summary>
    /// <exception cref="InvalidOperationException">Not a whole, non-negative number.</exception>
    public long AsSatoshis()
    {
        var number = Kind switch
        {
            RuleValueKind.Number => Number,
            RuleValueKind.Object when Members is not null && Members.TryGetValue("satoshis", out var s) && s.Kind == RuleValueKind.Number => s.Number,
            _ => throw new InvalidOperationException($"Expected a number of satoshis, got {Kind}."),
        };
        if (number < 0 || number > long.MaxValue / 2 || Math.Floor(number) != number)
        {
            throw new InvalidOperationException($"Expected a whole, non-negative number of satoshis, got {number}.");
        }

        return (long)number;
    }
}
