namespace ModularTorrent.Sdk.Protocols;

/// <summary>The result of sharing local data.</summary>
/// <param name="Handle">The running (seeding) transfer.</param>
/// <param name="ShareableId">What others use to fetch it, e.g. a magnet link.</param>
/// <param name="Metainfo">The metainfo file that describes it, when the protocol has one.</param>
public sealed record SeedResult(ITransferHandle Handle, string ShareableId, ReadOnlyMemory<byte>? Metainfo);
