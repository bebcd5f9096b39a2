using System.Net.Sockets;
using System.Globalization;
using System.Net;
using System.Text;
using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.Discovery;

/// <summary>An HTTP(S) tracker (BEP 3, with BEP 23 compact peers, BEP 7 <c>peers6</c> and BEP 48 scrape).</summary>
/// <remarks>
/// The client remembers the <c>tracker id</c> a tracker hands out and sends it back on every later
/// announce, as BEP 3 asks. It does not own the <see cref="HttpClient"/> and never disposes it.
/// </remarks>
public sealed class HttpTrackerClient : ITrackerClient
{
    private readonly HttpClient _http;
    private readonly TimeProvider _clock;
    private readonly HttpTrackerOptions _options;
    private readonly string _key;
    private volatile string? _trackerId;

    /// <summary>Creates a client for one tracker.</summary>
    /// <param name="announceUri">An <c>http</c> or <c>https</c> announce URL.</param>
    /// <param name="http">The HTTP client to send with (shared, not owned).</param>
    /// <param name="clock">The clock for request timeouts.</param>
    /// <param name="options">Limits; <see cref="HttpTrackerOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">The URL is not HTTP(S).</exception>
    public HttpTrackerClient(Uri announceUri, HttpClient http, TimeProvider clock, HttpTrackerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(announceUri);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(clock);
        if (!announceUri.IsAbsoluteUri || (announceUri.Scheme != Uri.UriSchemeHttp && announceUri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{announceUri}' is not an http or https URL.", nameof(announceUri));
        }

        AnnounceUri = announceUri;
        _http = http;
        _clock = clock;
        _options = options ?? HttpTrackerOptions.Default;

        // BEP 7's 'key' lets a tracker recognise us if our address changes; it is per client, not secret.
        _key = Random.Shared.Next().ToString("X8", CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public Uri AnnounceUri { get; }

    /// <summary>The tracker id last handed out by the tracker, sent back on every announce.</summary>
    public string? TrackerId => _trackerId;

    /// <inheritdoc />
    public async Task<AnnounceResponse> AnnounceAsync(AnnounceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var body = await GetAsync(BuildAnnounceUri(request), cancellationToken);
        var response = HttpTrackerResponseParser.ParseAnnounce(body);
        if (response.TrackerId is { Length: > 0 } id)
        {
            _trackerId = id;
        }

        return response;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<InfoHash, ScrapeStats>> ScrapeAsync(IReadOnlyList<InfoHash> infoHashes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(infoHashes);
        if (infoHashes.Count == 0)
        {
            throw new ArgumentException("Scrape needs at least one info-hash.", nameof(infoHashes));
        }

        if (!ScrapeUri.TryCreate(AnnounceUri, out var scrape))
        {
            throw new TrackerException(
                TrackerErrorKind.Unsupported,
                $"'{AnnounceUri}' does not end in 'announce', so it has no scrape URL by convention.");
        }

        var builder = new StringBuilder(scrape!.AbsoluteUri);
        foreach (var hash in infoHashes)
        {
            if (hash.IsEmpty)
            {
                throw new ArgumentException("An info-hash to scrape is empty.", nameof(infoHashes));
            }

            AppendSeparator(builder);
            builder.Append("info_hash=");
            TrackerUrlEncoding.Append(builder, hash.AsSpan());
        }

        var body = await GetAsync(new Uri(builder.ToString()), cancellationToken);
        return HttpTrackerResponseParser.ParseScrape(body);
    }

    /// <summary>Releases nothing: the <see cref="HttpClient"/> belongs to the caller.</summary>
    public void Dispose()
    {
    }

    internal Uri BuildAnnounceUri(AnnounceRequest request)
    {
        var builder = new StringBuilder(AnnounceUri.AbsoluteUri, 400);
        AppendSeparator(builder);
        builder.Append("info_hash=");
        TrackerUrlEncoding.Append(builder, request.InfoHash.AsSpan());
        builder.Append("&peer_id=");
        TrackerUrlEncoding.Append(builder, request.PeerId.Span);
        builder.Append(CultureInfo.InvariantCulture, $"&port={request.Port}&uploaded={request.Uploaded}&downloaded={request.Downloaded}&left={request.Left}");
        builder.Append("&compact=1&no_peer_id=1&key=").Append(_key);
        if (request.NumWant > 0)
        {
            builder.Append(CultureInfo.InvariantCulture, $"&numwant={request.NumWant}");
        }

        var eventName = request.Event switch
        {
            AnnounceEvent.Started => "started",
            AnnounceEvent.Completed => "completed",
            AnnounceEvent.Stopped => "stopped",
            _ => null,
        };
        if (eventName is not null)
        {
            builder.Append("&event=").Append(eventName);
        }

        if (_trackerId is { } trackerId)
        {
            builder.Append("&trackerid=");
            TrackerUrlEncoding.Append(builder, Encoding.UTF8.GetBytes(trackerId));
        }

        return new Uri(builder.ToString());
    }

    private static void AppendSeparator(StringBuilder builder)
    {
        var hasQuery = false;
        for (var i = 0; i < builder.Length; i++)
        {
            if (builder[i] == '?')
            {
                hasQuery = true;
                break;
            }
        }

        if (!hasQuery)
        {
            builder.Append('?');
        }
        else if (builder[^1] is not ('?' or '&'))
        {
            builder.Append('&');
        }
    }

    /// <summary>
    /// One GET, sent again once if the tracker reset the connection before answering. Announces and scrapes are
    /// idempotent, and a tracker under load (opentracker among them) now and then drops a fresh connection it has not
    /// answered; one immediate retry is what a browser does with such a GET. A tracker that resets again is reported.
    /// </summary>
    private async Task<ReadOnlyMemory<byte>> GetAsync(Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            return await GetOnceAsync(uri, cancellationToken);
        }
        catch (TrackerException ex) when (ex.Kind == TrackerErrorKind.Transport && IsConnectionReset(ex))
        {
            return await GetOnceAsync(uri, cancellationToken);
        }
    }

    private static bool IsConnectionReset(Exception ex)
    {
        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException { SocketErrorCode: SocketError.ConnectionReset })
            {
                return true;
            }
        }

        return false;
    }

    private async Task<ReadOnlyMemory<byte>> GetOnceAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.Timeout, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            // Trackers answer one request and often close the socket without saying so; a pooled
            // keep-alive connection would then fail the next announce with a reset. One request, one connection.
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.ConnectionClose = true;
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new TrackerException(
                    TrackerErrorKind.Transport,
                    $"The tracker answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}.");
            }

            if (response.Content.Headers.ContentLength > _options.MaxResponseBytes)
            {
                throw TooLarge();
            }

            await using var stream = await response.Content.ReadAsStreamAsync(linked.Token);
            return await ReadBoundedAsync(stream, linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TrackerException(TrackerErrorKind.Timeout, $"The tracker did not answer within {_options.Timeout.TotalSeconds:0.###} s.");
        }
        catch (HttpRequestException ex)
        {
            throw new TrackerException(TrackerErrorKind.Transport, $"The tracker could not be reached: {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            throw new TrackerException(TrackerErrorKind.Transport, $"The tracker's answer was cut off: {ex.Message}", ex);
        }
    }

    private async Task<ReadOnlyMemory<byte>> ReadBoundedAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[Math.Min(16 * 1024, _options.MaxResponseBytes + 1)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > _options.MaxResponseBytes)
                {
                    throw TooLarge();
                }

                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, _options.MaxResponseBytes + 1));
            }

            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                return buffer.AsMemory(0, length);
            }

            length += read;
            if (length > _options.MaxResponseBytes)
            {
                throw TooLarge();
            }
        }
    }

    private TrackerException TooLarge() =>
        new(TrackerErrorKind.Malformed, $"The tracker's answer is larger than {_options.MaxResponseBytes} bytes.");
}
