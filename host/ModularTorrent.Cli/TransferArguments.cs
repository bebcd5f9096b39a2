namespace ModularTorrent.Cli;

/// <summary>The parsed arguments of <c>mt get</c> and <c>mt seed</c>.</summary>
/// <param name="Source">The .torrent path or URL.</param>
/// <param name="Directory">Where the files are (seed) or go (get).</param>
/// <param name="Port">The TCP port for incoming peers; 0 picks a free one.</param>
/// <param name="Peers">Peers to connect to, as given (HOST:PORT).</param>
/// <param name="MaxTime">Stop after this long; null waits indefinitely.</param>
/// <param name="Verbose">Log engine detail to standard error.</param>
public sealed record TransferArguments(
    string Source,
    string Directory,
    int Port,
    IReadOnlyList<string> Peers,
    TimeSpan? MaxTime,
    bool Verbose);
