using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace ModularTorrent.Cli.Remote;

/// <summary>
/// A small typed client of the host's REST API (<c>/api/v1/torrents</c>). Every failure comes out
/// as a <see cref="CliException"/> with one line and an exit code: the API's problem, an
/// unreachable host, or a host that does not answer in time.
/// </summary>
public sealed class MtApiClient : IDisposable
{
    /// <summary>How long one request may take before the command gives up with exit code 3.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http;

    /// <summary>Creates a client for <paramref name="connection"/>.</summary>
    /// <param name="connection">The host and key.</param>
    public MtApiClient(RemoteConnection connection)
    {
        Connection = connection ?? throw new ArgumentNullException(nameof(connection));
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) })
        {
            BaseAddress = connection.BaseAddress,
            Timeout = Timeout.InfiniteTimeSpan, // bounded per request below, so a timeout is told from Ctrl+C
        };
        if (connection.Key is { } key)
        {
            _http.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    /// <summary>The host and key.</summary>
    public RemoteConnection Connection { get; }

    /// <summary>Adds a torrent (<c>POST /api/v1/torrents</c>).</summary>
    /// <param name="source">The source.</param>
    /// <param name="options">Save path, policy, paused, peers.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    /// <returns>The added torrent.</returns>
    public async Task<RemoteTorrent> AddAsync(AddSource source, AddOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/torrents") { Content = AddContent(source, options) };
        return await ReadAsync<RemoteTorrent>(request, cancellationToken);
    }

    /// <summary>Lists torrents (<c>GET /api/v1/torrents</c>) and returns the page with the raw JSON.</summary>
    /// <param name="state">Only this state, or null.</param>
    /// <param name="sort">Sort key, or null for the host's default (addedAt).</param>
    /// <param name="descending">Sort descending.</param>
    /// <param name="limit">Page size, or null for the host's default.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    public async Task<(TorrentPage Page, string Json)> ListAsync(string? state, string? sort, bool descending, int? limit, CancellationToken cancellationToken)
    {
        var query = new StringBuilder("api/v1/torrents");
        var separator = '?';
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                query.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
                separator = '&';
            }
        }

        Add("state", state);
        Add("sort", sort);
        Add("order", descending ? "desc" : null);
        Add("limit", limit?.ToString(CultureInfo.InvariantCulture));
        using var request = new HttpRequestMessage(HttpMethod.Get, query.ToString());
        var json = await ReadStringAsync(request, cancellationToken);
        return (Deserialize<TorrentPage>(json), json);
    }

    /// <summary>One torrent (<c>GET /api/v1/torrents/{infoHash}</c>).</summary>
    /// <param name="infoHash">The info-hash.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    public async Task<RemoteTorrent> GetAsync(string infoHash, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, TorrentPath(infoHash));
        return await ReadAsync<RemoteTorrent>(request, cancellationToken);
    }

    /// <summary>A torrent's files (<c>GET .../files</c>).</summary>
    /// <param name="infoHash">The info-hash.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    public async Task<IReadOnlyList<RemoteFile>> GetFilesAsync(string infoHash, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, TorrentPath(infoHash) + "/files");
        return await ReadAsync<List<RemoteFile>>(request, cancellationToken);
    }

    /// <summary>A torrent's connected peers (<c>GET .../peers</c>).</summary>
    /// <param name="infoHash">The info-hash.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    public async Task<IReadOnlyList<RemotePeer>> GetPeersAsync(string infoHash, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, TorrentPath(infoHash) + "/peers");
        return await ReadAsync<List<RemotePeer>>(request, cancellationToken);
    }

    /// <summary>Runs an action (<c>POST .../pause</c>, <c>resume</c>, <c>recheck</c>, <c>reannounce</c>).</summary>
    /// <param name="infoHash">The info-hash.</param>
    /// <param name="action">The action's path segment.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    /// <returns>The torrent after the action.</returns>
    public async Task<RemoteTorrent> ActAsync(string infoHash, string action, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{TorrentPath(infoHash)}/{action}");
        return await ReadAsync<RemoteTorrent>(request, cancellationToken);
    }

    /// <summary>Removes a torrent (<c>DELETE /api/v1/torrents/{infoHash}</c>).</summary>
    /// <param name="infoHash">The info-hash.</param>
    /// <param name="deleteData">Also delete its files on the host.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    public async Task RemoveAsync(string infoHash, bool deleteData, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, TorrentPath(infoHash) + (deleteData ? "?deleteData=true" : string.Empty));
        using var response = await SendAsync(request, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    /// <summary>The one line for a host that cannot be reached, as the WebSocket watcher says it too.</summary>
    /// <param name="connection">The host.</param>
    /// <param name="ex">What failed.</param>
    public static CliException Unreachable(RemoteConnection connection, Exception ex)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(ex);
        var cause = ex;
        while (cause.InnerException is not null && cause is not SocketException)
        {
            cause = cause.InnerException;
        }

        return new CliException(
            ExitCodes.TransferFailed,
            $"cannot reach the host at {connection.Display}: {cause.Message.TrimEnd('.')}. Is it running? (set it with --host or MT_HOST)");
    }

    private static string TorrentPath(string infoHash) => "api/v1/torrents/" + Uri.EscapeDataString(infoHash.Trim());

    private static HttpContent AddContent(AddSource source, AddOptions options)
    {
        if (source.Content is { } bytes)
        {
            var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/x-bittorrent");
            form.Add(file, "torrent", source.FileName ?? "upload.torrent");
            if (options.SavePath is { } savePath)
            {
                form.Add(new StringContent(savePath), "savePath");
            }

            if (options.Policy is { } policy)
            {
                form.Add(new StringContent(policy), "selectionPolicy");
            }

            if (options.Paused)
            {
                form.Add(new StringContent("true"), "startPaused");
            }

            foreach (var peer in options.Peers)
            {
                form.Add(new StringContent(peer), "peers");
            }

            return form;
        }

        return JsonContent.Create(
            new
            {
                magnet = source.Magnet,
                url = source.Url,
                savePath = options.SavePath,
                selectionPolicy = options.Policy,
                startPaused = options.Paused,
                peers = options.Peers,
            },
            options: Json);
    }

    private async Task<T> ReadAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Deserialize<T>(await ReadStringAsync(request, cancellationToken));

    private async Task<string> ReadStringAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(request, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    private T Deserialize<T>(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Json) ?? throw new JsonException("null");
        }
        catch (JsonException)
        {
            throw new CliException(ExitCodes.TransferFailed, $"the host at {Connection.Display} answered something that is not the ModularTorrent API (is --host right?).");
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.TimedOut, string.Create(
                CultureInfo.InvariantCulture,
                $"the host at {Connection.Display} did not answer within {RequestTimeout.TotalSeconds:0} s."));
        }
        catch (HttpRequestException ex)
        {
            throw Unreachable(Connection, ex);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await ApiProblem.ReadAsync(response, cancellationToken);
        }
    }
}
