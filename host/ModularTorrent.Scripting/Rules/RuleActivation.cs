namespace ModularTorrent.Scripting.Rules;

/// <summary>One activation: who made which version active, when (null version: the built-in default).</summary>
/// <param name="Version">The version activated, or null for the built-in default.</param>
/// <param name="Actor">Who: an API key's name, <c>system</c>, or <c>auto-disable</c>.</param>
/// <param name="Reason">Why, when the system did it.</param>
/// <param name="At">When.</param>
public sealed record RuleActivation(int? Version, string Actor, string? Reason, DateTimeOffset At);
