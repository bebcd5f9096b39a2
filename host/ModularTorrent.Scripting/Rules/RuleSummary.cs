namespace ModularTorrent.Scripting.Rules;

/// <summary>A rule in the list.</summary>
/// <param name="Name">The rule's name.</param>
/// <param name="ActiveVersion">The version in force; null when the built-in default (or nothing) runs.</param>
/// <param name="LatestVersion">The newest stored version.</param>
public sealed record RuleSummary(string Name, int? ActiveVersion, int LatestVersion);
