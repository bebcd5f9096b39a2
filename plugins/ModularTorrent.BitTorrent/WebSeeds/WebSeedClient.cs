using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.Storage;

namespace ModularTorrent.BitTorrent.WebSeeds;

/// <summary>
/// Fetches whole pieces from one BEP 19 web seed: one HTTP range request per file slice the piece touches,
/// written straight into the caller's buffer. Handles 206, a 200 carrying the whole file (the slice is cut out,
/// bounded by <see cref="WebSeedClientOptions.MaxWholeFileBytes"/>), redirects (bounded), <c>Retry-After</c> and
/// time-outs, each failure as a <see cref="WebSeedException"/> of a precise kind. It does not verify hashes
/// (see <see cref="WebSeedPeer"/>) and does not own the <see cref="HttpClient"/>.
/// </summary>
/// <remarks>
/// Give it an <see cref="HttpClient"/> whose handler does not follow redirects itself
/// (<see cref="CreateHandler"/>), so redirects are counted and kept to HTTP(S); the target of a permanent redirect
/// (301/308) is remembered per file. Thread-safe: several pieces may be fetched at once.
/// </remarks>
public sealed class WebSeedClient
{
    private const int SkipBufferSize = 64 * 1024;
    private readonly HttpClient _http;
    private readonly TimeProvider _clock;
    private readonly TorrentMetainfo _metainfo;
    private readonly FileMap _map;
    private readonly Uri[] _fileUris;

    // Where a permanent redirect (301/308) took each file, so later pieces skip the hop; cleared when it fails.
    private readonly Uri?[] _moved;

    /// <summary>Creates a client for one web seed of one torrent.</summary>
    /// <param name="seed">The URL from the torrent's <c>url-list</c>.</param>
    /// <param name="metainfo">The torrent.</param>
    /// <param name="http">The HTTP client to send with (shared, not owned).</param>
    /// <param name="clock">The clock for time-outs and <c>Retry-After</c> dates.</param>
    /// <param name="options">Limits; <see cref="WebSeedClientOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">The URL is not HTTP(S), or cannot carry the file paths.</exception>
    public WebSeedClient(Uri seed, TorrentMetainfo metainfo, HttpClient http, TimeProvider clock, WebSeedClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(metainfo);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(clock);
        WebSeedUrl.Validate(seed);
        Url = seed;
        _metainfo = metainfo;
        _http = http;
        _clock = clock;
        Options = options ?? WebSeedClientOptions.Default;
        _map = new FileMap(metainfo.Files);
        _fileUris = [.. WebSeedUrl.ForAllFiles(seed, metainfo)];

        _moved = new Uri?[_fileUris.Length];
    }

    /// <summary>The web seed URL as listed in the torrent.</summary>
    public Uri Url { get; }

    /// <summary>The torrent this seed serves.</summary>
    public TorrentMetainfo Metainfo => _metainfo;

    /// <summary>The limits in use.</summary>
    public WebSeedClientOptions Options { get; }

    /// <summary>A handler suited to web seeds: no automatic redirects (the client follows them itself, bounded), pooled connections.</summary>
    public static SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(15),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
        MaxConnectionsPerServer = 4,
    };

    /// <summary>The URL file <paramref name="fileIndex"/> is fetched from.</summary>
    public Uri GetFileUri(int fileIndex) => _fileUris[fileIndex];

    /// <summary>
    /// Fills the first <see cref="TorrentMetainfo.GetPieceLength"/> bytes of <paramref name="destination"/> with piece
    /// <paramref name="piece"/> as the server has it (unverified). Padding files (BEP 47) are zero-filled, never requested.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">No such piece.</exception>
    /// <exception cref="ArgumentException">The buffer is shorter than the piece.</exception>
    /// <exception cref="WebSeedException">The server did not deliver the exact bytes.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    public async Task FetchPieceAsync(int piece, Memory<byte> destination, CancellationToken cancellationToken)
    {
        var length = _metainfo.GetPieceLength(piece);
        if (destination.Length < length)
        {
            throw new ArgumentException($"The buffer holds {destination.Length} bytes; piece {piece} has {length}.", nameof(destination));
        }

        var slices = ArrayPool<FileSlice>.Shared.Rent(_fileUris.Length);
        try
        {
            var count = _map.Map((long)piece * _metainfo.PieceLength, length, slices);
            for (var i = 0; i < count; i++)
            {
                var slice = slices[i];
                var target = destination.Slice(slice.BufferOffset, slice.Length);
                if (_metainfo.Files[slice.FileIndex].IsPadding)
                {
                    target.Span.Clear();
                    continue;
                }

                try
                {
                    await FetchSliceAsync(slice.FileIndex, slice.FileOffset, target, cancellationToken);
                }
                catch (WebSeedException ex)
                {
                    ex.FileIndex = slice.FileIndex;
                    throw;
                }
            }
        }
        finally
        {
            ArrayPool<FileSlice>.Shared.Return(slices);
        }
    }

    private async Task FetchSliceAsync(int fileIndex, long fileOffset, Memory<byte> target, CancellationToken cancellationToken)
    {
        var moved = Volatile.Read(ref _moved[fileIndex]);
        try
        {
            var final = await FetchSliceFromAsync(moved ?? _fileUris[fileIndex], fileIndex, fileOffset, target, cancellationToken);
            if (final is not null)
            {
                Volatile.Write(ref _moved[fileIndex], final);
            }
        }
        catch (WebSeedException) when (moved is not null)
        {
            // The remembered location went bad: start from the listed URL next time.
            Interlocked.CompareExchange(ref _moved[fileIndex], null, moved);
            throw;
        }
    }

    /// <returns>The final URL when only permanent redirects led there (worth remembering), else null.</returns>
    private async Task<Uri?> FetchSliceFromAsync(Uri uri, int fileIndex, long fileOffset, Memory<byte> target, CancellationToken cancellationToken)
    {
        var fileLength = _metainfo.Files[fileIndex].Length;
        var permanent = true;
        for (var redirects = 0; ; redirects++)
        {
            // One timer per request, pushed forward on every read: a slow but moving body is fine, a stalled one is not.
            using var timeout = new CancellationTokenSource(Options.Timeout, _clock);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                request.Headers.Range = new RangeHeaderValue(fileOffset, fileOffset + target.Length - 1);
                if (!string.IsNullOrEmpty(Options.UserAgent))
                {
                    request.Headers.TryAddWithoutValidation("User-Agent", Options.UserAgent);
                }
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
                var status = response.StatusCode;
                if ((int)status is >= 300 and < 400 && status != HttpStatusCode.NotModified)
                {
                    permanent &= status is HttpStatusCode.MovedPermanently or HttpStatusCode.PermanentRedirect;
                    uri = NextLocation(uri, response, redirects);
                    continue;
                }

                switch (status)
                {
                    case HttpStatusCode.PartialContent:
                        CheckPartialHeaders(uri, response, fileOffset, target.Length, fileLength);
                        await ReadBodyAsync(uri, response, skip: 0, target, requireEnd: true, timeout, linked.Token);
                        return redirects > 0 && permanent ? uri : null;
                    case HttpStatusCode.OK:
                        CheckWholeFileHeaders(uri, response, fileOffset, target.Length, fileLength);
                        await ReadBodyAsync(uri, response, fileOffset, target, requireEnd: fileOffset + target.Length == fileLength, timeout, linked.Token);
                        return redirects > 0 && permanent ? uri : null;
                    default:
                        throw Failure(uri, response);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Not the caller's cancellation: our timer (or HttpClient.Timeout) fired.
                throw new WebSeedException(
                    WebSeedErrorKind.Timeout,
                    $"The web seed '{uri}' made no progress within {Options.Timeout.TotalSeconds:0.###} s.");
            }
            catch (HttpRequestException ex)
            {
                throw new WebSeedException(WebSeedErrorKind.Refused, $"The web seed '{uri}' could not be reached: {ex.Message}", innerException: ex);
            }
            catch (IOException ex)
            {
                throw new WebSeedException(WebSeedErrorKind.Connection, $"The connection to the web seed '{uri}' broke: {ex.Message}", innerException: ex);
            }
        }
    }

    private Uri NextLocation(Uri current, HttpResponseMessage response, int redirects)
    {
        if (redirects >= Options.MaxRedirects)
        {
            throw new WebSeedException(WebSeedErrorKind.TooManyRedirects, $"The web seed '{Url}' redirected more than {Options.MaxRedirects} times (last at '{current}').", response.StatusCode);
        }

        var location = response.Headers.Location
            ?? throw new WebSeedException(WebSeedErrorKind.TooManyRedirects, $"The web seed '{current}' answered {(int)response.StatusCode} without a Location.", response.StatusCode);
        var next = location.IsAbsoluteUri ? location : new Uri(current, location);
        if (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps)
        {
            throw new WebSeedException(WebSeedErrorKind.TooManyRedirects, $"The web seed '{current}' redirected to '{next}', which is not http or https.", response.StatusCode);
        }

        return next;
    }

    private static void CheckPartialHeaders(Uri uri, HttpResponseMessage response, long offset, int length, long fileLength)
    {
        var range = response.Content.Headers.ContentRange;
        var last = offset + length - 1;

        // The file length first: a short file also clips the range, and "wrong length" is the real cause.
        if (range is { HasLength: true } && range.Length != fileLength)
        {
            throw new WebSeedException(
                WebSeedErrorKind.WrongLength,
                $"The web seed '{uri}' has a file of {range.Length} bytes; the torrent says {fileLength}.",
                response.StatusCode);
        }

        if (range is null || !range.HasRange || range.From != offset || range.To != last)
        {
            throw new WebSeedException(
                WebSeedErrorKind.BadRange,
                $"The web seed '{uri}' answered range '{range}' to a request for bytes {offset}-{last}.",
                response.StatusCode);
        }

        var contentLength = response.Content.Headers.ContentLength;
        if (contentLength > length)
        {
            throw new WebSeedException(WebSeedErrorKind.TooLarge, $"The web seed '{uri}' sends {contentLength} bytes for a range of {length}.", response.StatusCode);
        }

        if (contentLength < length)
        {
            throw new WebSeedException(WebSeedErrorKind.WrongLength, $"The web seed '{uri}' sends {contentLength} bytes for a range of {length}.", response.StatusCode);
        }
    }

    private void CheckWholeFileHeaders(Uri uri, HttpResponseMessage response, long offset, int length, long fileLength)
    {
        // The server ignored Range. Only worth reading when the part we need is near the start.
        var contentLength = response.Content.Headers.ContentLength;
        if (contentLength is { } bodyLength && bodyLength != fileLength)
        {
            throw new WebSeedException(
                WebSeedErrorKind.WrongLength,
                $"The web seed '{uri}' ignored the range and sent a file of {bodyLength} bytes; the torrent says {fileLength}.",
                response.StatusCode);
        }

        if (offset + length > Options.MaxWholeFileBytes)
        {
            throw new WebSeedException(
                WebSeedErrorKind.TooLarge,
                $"The web seed '{uri}' ignored the range; reaching bytes {offset}-{offset + length - 1} would mean reading more than {Options.MaxWholeFileBytes} bytes.",
                response.StatusCode);
        }
    }

    private async Task ReadBodyAsync(Uri uri, HttpResponseMessage response, long skip, Memory<byte> target, bool requireEnd, CancellationTokenSource timeout, CancellationToken token)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(token);
        if (skip > 0)
        {
            var scratch = ArrayPool<byte>.Shared.Rent(SkipBufferSize);
            try
            {
                while (skip > 0)
                {
                    var read = await stream.ReadAsync(scratch.AsMemory(0, (int)Math.Min(scratch.Length, skip)), token);
                    if (read == 0)
                    {
                        throw ShortBody(uri, response);
                    }

                    skip -= read;
                    timeout.CancelAfter(Options.Timeout);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }

        var filled = 0;
        while (filled < target.Length)
        {
            var read = await stream.ReadAsync(target[filled..], token);
            if (read == 0)
            {
                throw ShortBody(uri, response);
            }

            filled += read;
            timeout.CancelAfter(Options.Timeout);
        }

        if (requireEnd)
        {
            // A body without Content-Length (chunked) must still end where the range does.
            var probe = ArrayPool<byte>.Shared.Rent(1);
            try
            {
                if (await stream.ReadAsync(probe.AsMemory(0, 1), token) != 0)
                {
                    throw new WebSeedException(WebSeedErrorKind.TooLarge, $"The web seed '{uri}' sent more than the {target.Length} bytes asked for.", response.StatusCode);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(probe);
            }
        }
    }

    private static WebSeedException ShortBody(Uri uri, HttpResponseMessage response) =>
        new(WebSeedErrorKind.WrongLength, $"The web seed '{uri}' ended its answer early.", response.StatusCode);

    private WebSeedException Failure(Uri uri, HttpResponseMessage response)
    {
        var status = response.StatusCode;
        var text = $"The web seed '{uri}' answered HTTP {(int)status} {response.ReasonPhrase}.";
        return status switch
        {
            HttpStatusCode.NotFound or HttpStatusCode.Gone => new WebSeedException(WebSeedErrorKind.NotFound, text, status),
            HttpStatusCode.RequestedRangeNotSatisfiable => new WebSeedException(WebSeedErrorKind.BadRange, text, status),
            _ => new WebSeedException(WebSeedErrorKind.Refused, text, status, RetryAfterOf(response)),
        };
    }

    private TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        TimeSpan? wait = header?.Delta ?? (header?.Date is { } date ? date - _clock.GetUtcNow() : null);
        if (wait is null)
        {
            return null;
        }

        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > Options.MaxRetryAfter ? Options.MaxRetryAfter : wait;
    }
}
