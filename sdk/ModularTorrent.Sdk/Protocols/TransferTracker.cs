namespace ModularTorrent.Sdk.Protocols;

/// <summary>One tracker and its last announce.</summary>
/// <param name="Url">The announce URL.</param>
/// <param name="Tier">Its tier (BEP 12), from 0.</param>
/// <param name="Status">The last outcome: <c>not-contacted</c>, <c>working</c>, <c>error</c>.</param>
/// <param name="Message">The tracker's failure reason or warning, if any.</param>
/// <param name="Peers">Peers returned by the last announce.</param>
/// <param name="NextAnnounce">When the next announce is due.</param>
public sealed record TransferTracker(string Url, int Tier, string Status, string? Message, int Peers, DateTimeOffset? NextAnnounce);
