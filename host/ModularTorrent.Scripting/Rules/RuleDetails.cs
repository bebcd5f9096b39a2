namespace ModularTorrent.Scripting.Rules;

/// <summary>A rule with its versions and activation history.</summary>
/// <param name="Name">The rule's name.</param>
/// <param name="ActiveVersion">The version in force; null when the built-in default (or nothing) runs.</param>
/// <param name="HasBuiltInDefault">Whether a shipped default backs this rule.</param>
/// <param name="Versions">Stored versions, oldest first.</param>
/// <param name="Activations">Activations, oldest first.</param>
public sealed record RuleDetails(string Name, int? ActiveVersion, bool HasBuiltInDefault, IReadOnlyList<RuleVersionInfo> Versions, IReadOnlyList<RuleActivation> Activations);
