namespace ModularTorrent.Interop.Tests;

public sealed record LibtorrentStatus(string State, double Progress, int Pieces, int Peers, bool Seeding, long Uploaded, long Downloaded);
