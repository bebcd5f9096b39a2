using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.Runtime.Transfers;

/// <summary>
/// Turns sources no handler takes directly into metainfo bytes: an http(s) URL of a .torrent is
/// fetched (bounded in size and time), a local .torrent path is read.
/// </summary>
internal sealed class TorrentSourceFetcher(HttpClient http, TransferServiceOptions options)
{
    public async Task<TransferSource> ResolveAsync(TransferSource source, Func<TransferSource, IProtocolHandler?> findHandler, CancellationToken cancellationToken)
    {
        if (source.FilePath is { } path)
        {
            return TransferSource.FromContent(await ReadFileAsync(path, cancellationToken));
        }

        if (source.Scheme is "http" or "https" && findHandler(source) is null)
        {
            return TransferSource.FromContent(await FetchAsync(source.Uri!, cancellationToken));
        }

        return source;
    }

    private async Task<byte[]> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new TransferSourceException(TransferSourceError.Unreachable, $"The file '{path}' does not exist.");
        }

        if (info.Length > options.MaxMetainfoBytes)
        {
            throw new TransferSourceException(TransferSourceError.Malformed, $"The file '{path}' is larger than {options.MaxMetainfoBytes} bytes; it is not a .torrent.");
        }

        return await File.ReadAllBytesAsync(path, cancellationToken);
    }

    private async Task<byte[]> FetchAsync(string url, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.FetchTimeout);
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new TransferSourceException(TransferSourceError.Unreachable, $"Fetching '{url}' failed: HTTP {(int)response.StatusCode} {response.ReasonPhrase}.");
            }

            if (response.Content.Headers.ContentLength > options.MaxMetainfoBytes)
            {
                throw new TransferSourceException(TransferSourceError.Malformed, $"'{url}' is larger than {options.MaxMetainfoBytes} bytes; it is not a .torrent.");
            }

            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(chunk, timeout.Token)) > 0)
            {
                if (buffer.Length + read > options.MaxMetainfoBytes)
                {
                    throw new TransferSourceException(TransferSourceError.Malformed, $"'{url}' is larger than {options.MaxMetainfoBytes} bytes; it is not a .torrent.");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
        catch (HttpRequestException ex)
        {
            throw new TransferSourceException(TransferSourceError.Unreachable, $"Fetching '{url}' failed: {ex.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TransferSourceException(TransferSourceError.Unreachable, $"Fetching '{url}' timed out after {options.FetchTimeout.TotalSeconds:0} s.");
        }
    }
}
