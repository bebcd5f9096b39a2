using ModularTorrent.Sdk.Incentives;

namespace ModularTorrent.Scripting.Sandbox;

/// <summary>The outcome of one evaluation in the sandbox.</summary>
public sealed record SandboxResult
{
    /// <summary>The returned value; <see cref="RuleValue.Null"/> on failure.</summary>
    public RuleValue Value { get; init; } = RuleValue.Null;

    /// <summary>Why it failed, or <see langword="null"/>.</summary>
    public string? Error { get; init; }

    /// <summary>Which limit or failure, <see cref="SandboxErrorKind.None"/> on success.</summary>
    public SandboxErrorKind ErrorKind { get; init; }

    /// <summary>Wall-clock time from the caller's request to the answer.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Statements the script executed (the sandbox's own guards not counted).</summary>
    public int Statements { get; init; }

    /// <summary>Bytes allocated by the evaluation, engine included.</summary>
    public long AllocatedBytes { get; init; }

    /// <summary>Captured <c>console.log</c> lines.</summary>
    public IReadOnlyList<string> Console { get; init; } = [];

    /// <summary>Whether it returned an acceptable value.</summary>
    public bool Succeeded => Error is null;
}
