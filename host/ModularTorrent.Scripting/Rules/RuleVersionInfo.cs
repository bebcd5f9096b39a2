namespace ModularTorrent.Scripting.Rules;

/// <summary>One stored version of a rule.</summary>
/// <param name="Version">From 1.</param>
/// <param name="Source">The ES5 source.</param>
/// <param name="SampleFacts">The facts it was dry-run on before it was accepted (JSON object).</param>
/// <param name="CreatedAt">When it was stored.</param>
/// <param name="CreatedBy">Who stored it.</param>
/// <param name="DisabledAt">When it was disabled for failing repeatedly, if it was.</param>
/// <param name="DisabledReason">The last error then.</param>
public sealed record RuleVersionInfo(int Version, string Source, string SampleFacts, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? DisabledAt, string? DisabledReason);
