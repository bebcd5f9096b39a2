using ModularTorrent.BitTorrent;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.Cli;

/// <summary>Reads the SOURCE of <c>mt get</c> / the TORRENT of <c>mt seed</c>: a .torrent file or an http(s) URL of one.</summary>
public static class TorrentSourceLoader
{
    /// <summary>A .torrent is a few MiB at most; anything larger is not one.</summary>
    public const int MaxTorrentBytes = 64 * 1024 * 1024;

    /// <summary>Loads and parses the torrent.</summary>
    /// <param name="source">A path or an http(s) URL.</param>
    /// <param name="http">For URLs.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The parsed torrent.</returns>
    /// <exception cref="CliException">The source cannot be read or is not a valid .torrent.</exception>
    public static async Task<TorrentMetainfo> LoadAsync(string source, HttpClient http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(http);
        if (MagnetSource.IsMagnet(source))
        {
            // Only 'get' fetches a magnet's metadata (see MagnetFetch); data to seed is checked against a .torrent's hashes.
            throw new CliException("A magnet link is not a .torrent: 'mt get' downloads from one, 'mt seed' needs the .torrent file or its URL.");
        }

        var bytes = Uri.TryCreate(source, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? await DownloadAsync(uri, http, cancellationToken)
            : await ReadFileAsync(source, cancellationToken);
        try
        {
            return BitTorrentProtocolHandler.ParseMetainfo(bytes);
        }
        catch (TransferSourceException ex)
        {
            throw new CliException($"'{source}': {ex.Message}");
        }
    }

    private static async Task<byte[]> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new CliException($"'{path}' does not exist.");
            }

            if (info.Length > MaxTorrentBytes)
            {
                throw new CliException($"'{path}' is {info.Length} bytes, too large for a .torrent.");
            }

            return await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot read '{path}': {ex.Message}", ex);
        }
    }

    private static async Task<byte[]> DownloadAsync(Uri uri, HttpClient http, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new CliException($"'{uri}' answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}.");
            }

            if (response.Content.Headers.ContentLength > MaxTorrentBytes)
            {
                throw new CliException($"'{uri}' is too large for a .torrent.");
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxTorrentBytes)
                {
                    throw new CliException($"'{uri}' is too large for a .torrent.");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
        catch (HttpRequestException ex)
        {
            throw new CliException($"Cannot download '{uri}': {ex.Message}", ex);
        }
    }
}
