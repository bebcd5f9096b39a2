namespace ModularTorrent.Arc.Tests.Server;

/// <summary>One request the in-test ARC server received.</summary>
public sealed record RecordedRequest(string Method, string Path, int TransactionCount, IReadOnlyDictionary<string, string> Headers);
