using System.Text.Json;

namespace ModularTorrent.Host.Api;

/// <summary>Body of <c>PUT /api/v1/rules/{name}</c>: the new version's source and, optionally, the flat facts to dry-run it on.</summary>
internal sealed record PutRuleBody(string? Source, JsonElement? SampleFacts);

/// <summary>Body of <c>POST /api/v1/rules/{name}/dry-run</c>: facts, and a source to try instead of the active version.</summary>
internal sealed record DryRunBody(string? Source, JsonElement? Facts);

/// <summary>Answer of <c>PUT /api/v1/rules/{name}</c>.</summary>
internal sealed record RuleVersionCreated(string Name, int Version);

/// <summary>Answer of a dry run: the value as plain JSON, or why it failed, with what it cost and printed.</summary>
internal sealed record DryRunResource(bool Succeeded, object? Value, string? Error, string? ErrorKind, double DurationMs, int Statements, long AllocatedBytes, IReadOnlyList<string> Console);
