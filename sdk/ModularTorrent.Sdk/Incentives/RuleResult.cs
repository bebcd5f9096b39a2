namespace ModularTorrent.Sdk.Incentives;

/// <summary>The outcome of evaluating a rule.</summary>
public sealed record RuleResult
{
    /// <summary>The rule's name.</summary>
    public required string Rule { get; init; }

    /// <summary>The version that ran; 0 for the built-in default.</summary>
    public int Version { get; init; }

    /// <summary>Whether the script ran and returned an acceptable value.</summary>
    public bool Succeeded => Error is null;

    /// <summary>Why it failed, or <see langword="null"/>.</summary>
    public string? Error { get; init; }

    /// <summary>The returned value.</summary>
    public RuleValue Value { get; init; } = RuleValue.Null;

    /// <summary>How long the evaluation took.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>The value as whole satoshis.</summary>
    /// <exception cref="InvalidOperationException">The rule failed or did not return a whole, non-negative number.</exception>
    public long GetSatoshis()
    {
        if (Error is not null)
        {
            throw new InvalidOperationException($"Rule '{Rule}' failed: {Error}");
        }

        return Value.AsSatoshis();
    }
}
