using System.Globalization;

namespace ModularTorrent.Cli.Remote;

/// <summary><c>mt pause</c>, <c>mt resume</c> and <c>mt remove</c>.</summary>
public static class ActionCommand
{
    /// <summary>Pauses or resumes a torrent and prints its new state.</summary>
    /// <param name="connection">The host and key.</param>
    /// <param name="infoHash">The info-hash.</param>
    /// <param name="action"><c>pause</c> or <c>resume</c>.</param>
    /// <param name="environment">The console.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    /// <returns>An <see cref="ExitCodes"/> value.</returns>
    public static async Task<int> RunAsync(RemoteConnection connection, string infoHash, string action, CliEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        using var client = new MtApiClient(connection);
        var torrent = await client.ActAsync(infoHash, action, cancellationToken);
        var verb = action == "pause" ? "Paused" : "Resumed";
        environment.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{verb} {torrent.Name} ({torrent.InfoHash}): {torrent.State}, {torrent.Progress * 100:0.0}%"));
        return ExitCodes.Success;
    }

    /// <summary>Removes a torrent, and its data on the host when asked.</summary>
    /// <param name="connection">The host and key.</param>
    /// <param name="infoHash">The info-hash.</param>
    /// <param name="deleteData">Also delete the files on the host.</param>
    /// <param name="environment">The console.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    /// <returns>An <see cref="ExitCodes"/> value.</returns>
    public static async Task<int> RemoveAsync(RemoteConnection connection, string infoHash, bool deleteData, CliEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        using var client = new MtApiClient(connection);
        await client.RemoveAsync(infoHash, deleteData, cancellationToken);
        environment.WriteLine($"Removed {infoHash.Trim().ToLowerInvariant()}{(deleteData ? " and deleted its data" : string.Empty)}.");
        return ExitCodes.Success;
    }
}
