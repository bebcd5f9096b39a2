namespace ModularTorrent.BitTorrent.Discovery;

/// <summary>A tracker's counts for one torrent.</summary>
/// <param name="Seeders">Peers with the whole torrent (<c>complete</c>).</param>
/// <param name="Completed">How many times the download finished (<c>downloaded</c>).</param>
/// <param name="Leechers">Peers still downloading (<c>incomplete</c>).</param>
public sealed record ScrapeStats(int Seeders, int Completed, int Leechers);
