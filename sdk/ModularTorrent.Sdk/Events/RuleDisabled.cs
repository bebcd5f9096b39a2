namespace ModularTorrent.Sdk.Events;

/// <summary>An incentive rule version kept failing and was disabled; another version took over.</summary>
/// <param name="Rule">The rule's name.</param>
/// <param name="Version">The disabled version.</param>
/// <param name="FallbackVersion">The version now active, or <see langword="null"/> for the built-in default.</param>
/// <param name="Reason">The last error.</param>
public sealed record RuleDisabled(string Rule, int Version, int? FallbackVersion, string Reason) : HostEvent;
