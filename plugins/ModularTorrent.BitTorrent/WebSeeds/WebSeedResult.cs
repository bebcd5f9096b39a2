namespace ModularTorrent.BitTorrent.WebSeeds;

/// <summary>The result of one piece fetch from a web seed.</summary>
/// <param name="Piece">The piece index.</param>
/// <param name="Outcome">How the fetch ended.</param>
/// <param name="Verdict">What the scheduler now thinks of the seed.</param>
/// <param name="Length">Bytes of the piece (valid in the buffer only when <see cref="Outcome"/> is <see cref="WebSeedOutcome.Verified"/>).</param>
/// <param name="Error">The transport error for <see cref="WebSeedOutcome.Failed"/>.</param>
public readonly record struct WebSeedResult(int Piece, WebSeedOutcome Outcome, WebSeedVerdict Verdict, int Length, WebSeedException? Error = null);
