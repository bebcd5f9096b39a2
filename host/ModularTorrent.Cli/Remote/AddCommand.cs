namespace ModularTorrent.Cli.Remote;

/// <summary><c>mt add SOURCE</c>: adds a torrent to the host and prints its info-hash (alone on standard output, for scripts).</summary>
public static class AddCommand
{
    /// <summary>Adds the torrent.</summary>
    /// <param name="connection">The host and key.</param>
    /// <param name="source">A magnet link, an http(s) URL, or a local .torrent file.</param>
    /// <param name="options">Save path, policy, paused, peers.</param>
    /// <param name="environment">The console.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    /// <returns>An <see cref="ExitCodes"/> value.</returns>
    public static async Task<int> RunAsync(RemoteConnection connection, string source, AddOptions options, CliEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var parsed = AddSource.Parse(source);
        using var client = new MtApiClient(connection);
        var torrent = await client.AddAsync(parsed, options, cancellationToken);
        environment.WriteLine(torrent.InfoHash);
        return ExitCodes.Success;
    }
}
