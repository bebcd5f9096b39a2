namespace ModularTorrent.Sdk.Protocols;

/// <summary>What a transfer needs to continue without checking or fetching again what it has.</summary>
/// <param name="TransferId">The transfer id.</param>
/// <param name="VerifiedPieces">The verified pieces, BitTorrent-order bitfield.</param>
/// <param name="Files">Per-file state used to decide between quick resume and a full recheck.</param>
/// <param name="SavedAt">When it was saved.</param>
public sealed record ResumeData(string TransferId, byte[] VerifiedPieces, IReadOnlyList<ResumeFileState> Files, DateTimeOffset SavedAt);
