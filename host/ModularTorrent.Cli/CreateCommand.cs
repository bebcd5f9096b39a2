using System.Globalization;
using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.Cli;

/// <summary><c>mt create PATH -o FILE</c>: writes a .torrent for a file or folder, to seed with <c>mt seed</c>.</summary>
public static class CreateCommand
{
    /// <summary>Creates the torrent.</summary>
    /// <param name="path">The file or folder to share.</param>
    /// <param name="output">Where the .torrent goes.</param>
    /// <param name="trackers">Announce URLs, one tier each.</param>
    /// <param name="environment">Console.</param>
    /// <param name="cancellationToken">Cancels hashing.</param>
    /// <returns><see cref="ExitCodes.Success"/>.</returns>
    /// <exception cref="CliException">Nothing at <paramref name="path"/> or the output cannot be written.</exception>
    public static async Task<int> RunAsync(string path, string output, IReadOnlyList<string> trackers, CliEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var full = Path.GetFullPath(path.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        if (!File.Exists(full) && !Directory.Exists(full))
        {
            throw new CliException($"Nothing to share at '{full}'.");
        }

        foreach (var tracker in trackers)
        {
            if (!TrackerUrl.IsSupported(tracker))
            {
                throw new CliException($"--tracker '{tracker}' is not an http, https or udp URL.");
            }
        }

        var bytes = await TorrentCreator.CreateAsync(
            full,
            new TorrentCreateOptions { Trackers = trackers.Select(t => (IReadOnlyList<string>)[t]).ToList() },
            cancellationToken);
        try
        {
            await File.WriteAllBytesAsync(output, bytes, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot write '{output}': {ex.Message}");
        }

        var metainfo = TorrentMetainfo.Parse(bytes);
        environment.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Created {output}: {metainfo.Name}, {ByteSize.Format(metainfo.TotalLength)} in {metainfo.PieceCount} pieces of {ByteSize.Format(metainfo.PieceLength)}, info-hash {metainfo.InfoHash}."));
        return ExitCodes.Success;
    }
}
