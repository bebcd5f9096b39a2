namespace ModularTorrent.Scripting.Rules;

/// <summary>What happened the last time a rule file was loaded.</summary>
/// <param name="File">The file's name in the rules folder.</param>
/// <param name="Rule">The rule it defines (its name without <c>.js</c>).</param>
/// <param name="Version">The version it became, or the version still running when it was refused or unchanged.</param>
/// <param name="Error">Why it was refused; null when it loaded.</param>
/// <param name="At">When.</param>
public sealed record RuleFileStatus(string File, string Rule, int? Version, string? Error, DateTimeOffset At);
