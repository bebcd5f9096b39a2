namespace ModularTorrent.Cli.Remote;

/// <summary>The options of <c>mt add</c> besides the source.</summary>
/// <param name="SavePath">The folder on the host, or null for the host's default.</param>
/// <param name="Policy">A piece-selection policy name, or null.</param>
/// <param name="Paused">Add without starting.</param>
/// <param name="Peers">Peers (HOST:PORT) the host connects to.</param>
public sealed record AddOptions(string? SavePath, string? Policy, bool Paused, IReadOnlyList<string> Peers);
