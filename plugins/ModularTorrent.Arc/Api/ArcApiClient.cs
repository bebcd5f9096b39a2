using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using ModularTorrent.Arc.Endpoints;

namespace ModularTorrent.Arc.Api;

/// <summary>
/// The HTTP exchanges with one ARC endpoint. Transport failures and time-outs throw
/// (<see cref="HttpRequestException"/>, <see cref="TimeoutException"/>); every HTTP answer is returned
/// with its status code so the caller decides what it means.
/// </summary>
internal sealed class ArcApiClient
{
    private static readonly MediaTypeWithQualityHeaderValue AcceptJson = new("application/json");
    private readonly HttpClient _http;
    private readonly ArcClientOptions _options;
    private readonly TimeProvider _time;

    public ArcApiClient(HttpClient http, ArcClientOptions options, TimeProvider time)
    {
        _http = http;
        _options = options;
        _time = time;
    }

    public Task<ArcCallResult> PostTxAsync(ArcEndpoint endpoint, ArcTransaction transaction, CancellationToken cancellationToken) =>
        SendAsync(endpoint, HttpMethod.Post, "v1/tx", RawTxBody.Single(transaction.Payload.Span), cancellationToken);

    public Task<ArcCallResult> PostTxsAsync(ArcEndpoint endpoint, IReadOnlyList<ArcTransaction> transactions, CancellationToken cancellationToken) =>
        SendAsync(endpoint, HttpMethod.Post, "v1/txs", RawTxBody.Many(transactions), cancellationToken);

    public Task<ArcCallResult> GetTxAsync(ArcEndpoint endpoint, string txid, CancellationToken cancellationToken) =>
        SendAsync(endpoint, HttpMethod.Get, "v1/tx/" + Uri.EscapeDataString(txid), null, cancellationToken);

    public async Task<(int HttpStatus, ArcPolicy? Policy)> GetPolicyAsync(ArcEndpoint endpoint, CancellationToken cancellationToken)
    {
        var (status, body, _) = await ExchangeAsync(endpoint, HttpMethod.Get, "v1/policy", null, withBroadcastHeaders: false, cancellationToken).ConfigureAwait(false);
        if (status != 200)
        {
            return (status, null);
        }

        try
        {
            return (status, ArcPolicyParser.Parse(body));
        }
        catch (JsonException)
        {
            return (status, null);
        }
    }

    public async Task<(int HttpStatus, ArcHealth? Health)> GetHealthAsync(ArcEndpoint endpoint, CancellationToken cancellationToken)
    {
        var (status, body, _) = await ExchangeAsync(endpoint, HttpMethod.Get, "v1/health", null, withBroadcastHeaders: false, cancellationToken).ConfigureAwait(false);
        try
        {
            return (status, body.Length == 0 ? null : JsonSerializer.Deserialize(body, ArcJsonContext.Default.ArcHealth));
        }
        catch (JsonException)
        {
            return (status, null);
        }
    }

    /// <summary>Parses a body that is either one answer or an array of answers; not ARC JSON gives none.</summary>
    internal static IReadOnlyList<ArcTxResponse> ParseItems(ReadOnlySpan<byte> body)
    {
        var trimmed = body.TrimStart(" \t\r\n"u8);
        if (trimmed.IsEmpty)
        {
            return [];
        }

        try
        {
            if (trimmed[0] == (byte)'[')
            {
                var items = JsonSerializer.Deserialize(trimmed, ArcJsonContext.Default.ArcTxResponseArray);
                return items is null ? [] : Array.FindAll(items, static i => i is not null);
            }

            return JsonSerializer.Deserialize(trimmed, ArcJsonContext.Default.ArcTxResponse) is { } one ? [one] : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private async Task<ArcCallResult> SendAsync(ArcEndpoint endpoint, HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        var (status, body, latency) = await ExchangeAsync(endpoint, method, path, content, withBroadcastHeaders: method == HttpMethod.Post, cancellationToken).ConfigureAwait(false);
        return new ArcCallResult(status, ParseItems(body), latency);
    }

    private async Task<(int Status, byte[] Body, TimeSpan Latency)> ExchangeAsync(
        ArcEndpoint endpoint, HttpMethod method, string path, HttpContent? content, bool withBroadcastHeaders, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(endpoint.Base, path)) { Content = content };
        request.Headers.Accept.Add(AcceptJson);
        if (endpoint.Options.ApiKey is { Length: > 0 } key)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (withBroadcastHeaders)
        {
            AddBroadcastHeaders(request.Headers);
        }

        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var started = _time.GetTimestamp();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
            return ((int)response.StatusCode, body, _time.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"ARC endpoint '{endpoint.Name}' did not answer {method} /{path} within {_options.RequestTimeout.TotalSeconds:0.###} s.");
        }
    }

    private void AddBroadcastHeaders(HttpRequestHeaders headers)
    {
        if (_options.WaitFor is { Length: > 0 } waitFor)
        {
            headers.TryAddWithoutValidation("X-WaitFor", waitFor);
        }

        if (_options.MaxTimeout is { } maxTimeout)
        {
            headers.TryAddWithoutValidation("X-MaxTimeout", ((long)Math.Ceiling(maxTimeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        }

        if (_options.CallbackUrl is { } callbackUrl)
        {
            headers.TryAddWithoutValidation("X-CallbackUrl", callbackUrl.AbsoluteUri);
            if (_options.CallbackToken is { Length: > 0 } token)
            {
                headers.TryAddWithoutValidation("X-CallbackToken", token);
            }
        }

        if (_options.FullStatusUpdates)
        {
            headers.TryAddWithoutValidation("X-FullStatusUpdates", "true");
        }
    }
}
