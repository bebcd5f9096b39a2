using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ModularTorrent.Arc.Tests.Server;

/// <summary>
/// An ARC server on 127.0.0.1 (random port) that follows the public API (GET /v1/policy, /v1/health,
/// /v1/tx/{txid}, POST /v1/tx, /v1/txs; JSON, raw bytes and hex bodies; Extended Format) and can be
/// told to misbehave. It counts how often each txid was accepted as new and how often it came again.
/// </summary>
public sealed class ArcTestServer : IAsyncDisposable
{
    private const string AlreadyKnown = "Transaction already known";
    private readonly WebApplication _app;
    private readonly string? _apiKey;
    private readonly HttpClient _callbackClient = new();
    private readonly ConcurrentDictionary<string, (string Url, string? Token)> _callbacks = new();
    private int _failNext;
    private int _policyRequests;
    private int _postRequests;

    private ArcTestServer(WebApplication app, string? apiKey)
    {
        _app = app;
        _apiKey = apiKey;
    }

    public Uri BaseUrl { get; private set; } = null!;

    public volatile ArcServerMode Mode;

    /// <summary>How long each answer waits (slow server).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>How long the answer waits after the transactions were recorded (so a client killed meanwhile never sees the answer).</summary>
    public TimeSpan DelayAfterAccept { get; set; }

    /// <summary>The failure status sent with HTTP 200 in <see cref="ArcServerMode.RejectWith200"/>.</summary>
    public string RejectStatus { get; set; } = "REJECTED";

    /// <summary>The status new transactions get.</summary>
    public string InitialStatus { get; set; } = "SEEN_ON_NETWORK";

    /// <summary>The mining fee served by /v1/policy (satoshis per 1000 bytes); null serves 404.</summary>
    public int? PolicySatoshisPer1000Bytes { get; set; } = 1;

    public ConcurrentDictionary<string, string> Statuses { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentDictionary<string, int> AcceptCounts { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentDictionary<string, int> DuplicateCounts { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Txids in the order they arrived (every arrival, duplicates included).</summary>
    public ConcurrentQueue<string> Arrivals { get; } = new();

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public int PolicyRequests => Volatile.Read(ref _policyRequests);

    /// <summary>POST /v1/tx and /v1/txs requests received, whatever the answer.</summary>
    public int PostRequests => Volatile.Read(ref _postRequests);

    /// <summary>Answers the next <paramref name="count"/> broadcasts with 500, then behaves.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failNext, count);

    public static async Task<ArcTestServer> StartAsync(string? apiKey = null, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 64 * 1024 * 1024);
        var app = builder.Build();
        var server = new ArcTestServer(app, apiKey);
        app.MapGet("/v1/policy", server.PolicyAsync);
        app.MapGet("/v1/health", () => Results.Json(new { healthy = true, reason = (string?)null, version = "test" }));
        app.MapGet("/v1/tx/{txid}", server.GetTx);
        app.MapPost("/v1/tx", (HttpContext c) => server.PostAsync(c, many: false));
        app.MapPost("/v1/txs", (HttpContext c) => server.PostAsync(c, many: true));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address);
        return server;
    }

    /// <summary>A port nothing listens on: connections are refused.</summary>
    public static Uri ClosedPort()
    {
        return new Uri($"http://127.0.0.1:{FreePort.Next()}");
    }

    public static string Txid(ReadOnlySpan<byte> payload)
    {
        var raw = ExtendedFormat.IsExtended(payload) ? ExtendedFormat.ToRaw(payload) : payload.ToArray();
        var hash = SHA256.HashData(SHA256.HashData(raw));
        Array.Reverse(hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Sets a transaction's status and, when it was sent with X-CallbackUrl, calls back like ARC does.</summary>
    /// <returns>The callback's HTTP status, or null when there was no callback URL.</returns>
    public async Task<int?> PushStatusAsync(string txid, string status, string? tokenOverride = null)
    {
        Statuses[txid] = status;
        if (!_callbacks.TryGetValue(txid, out var callback))
        {
            return null;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, callback.Url)
        {
            Content = new StringContent(JsonSerializer.Serialize(new { timestamp = DateTimeOffset.UtcNow, txid, txStatus = status }), Encoding.UTF8, "application/json"),
        };
        var token = tokenOverride ?? callback.Token;
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await _callbackClient.SendAsync(request);
        return (int)response.StatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(cts.Token);
        await _app.DisposeAsync();
        _callbackClient.Dispose();
    }

    private IResult PolicyAsync(HttpContext context)
    {
        Interlocked.Increment(ref _policyRequests);
        if (!Authorized(context))
        {
            return Problem(401, "Unauthorized", "The API key is missing or wrong");
        }

        if (PolicySatoshisPer1000Bytes is not { } fee)
        {
            return Problem(404, "Not found", "The requested resource could not be found");
        }

        return Results.Json(new
        {
            policy = new
            {
                maxscriptsizepolicy = 500000,
                maxtxsigopscountspolicy = 4294967295,
                maxtxsizepolicy = 10000000,
                miningFee = new { satoshis = fee, bytes = 1000 },
            },
            timestamp = DateTimeOffset.UtcNow,
        });
    }

    private IResult GetTx(HttpContext context, string txid)
    {
        if (!Authorized(context))
        {
            return Problem(401, "Unauthorized", "The API key is missing or wrong");
        }

        return Statuses.TryGetValue(txid, out var status)
            ? Results.Json(TxBody(txid, status, ""))
            : Problem(404, "Not found", "The requested resource could not be found");
    }

    private async Task PostAsync(HttpContext context, bool many)
    {
        Interlocked.Increment(ref _postRequests);
        List<byte[]> payloads;
        try
        {
            payloads = await ReadPayloadsAsync(context.Request, many);
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            Record(context, 0);
            await Write(context, Problem(400, "Bad request", e.Message));
            return;
        }

        Record(context, payloads.Count);
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, context.RequestAborted);
        }

        if (!Authorized(context))
        {
            await Write(context, Problem(401, "Unauthorized", "The API key is missing or wrong"));
            return;
        }

        var mode = Mode;
        if (Interlocked.Decrement(ref _failNext) >= 0)
        {
            mode = ArcServerMode.Error500;
        }

        switch (mode)
        {
            case ArcServerMode.Hang:
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
                return;
            case ArcServerMode.Error500:
                await Write(context, Problem(500, "Internal Server Error", "Something broke"));
                return;
            case ArcServerMode.NotJson:
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<html><body>502 Bad Gateway</body></html>");
                return;
            default:
                break;
        }

        var answers = new List<JsonObject>();
        foreach (var payload in payloads)
        {
            string txid;
            try
            {
                txid = Txid(payload);
            }
            catch (FormatException e)
            {
                answers.Add(ErrorBody(null, 461, "Malformed transaction", e.Message));
                continue;
            }

            Arrivals.Enqueue(txid);
            answers.Add(Answer(context, txid, mode));
        }

        if (DelayAfterAccept > TimeSpan.Zero)
        {
            await Task.Delay(DelayAfterAccept, context.RequestAborted);
        }

        if (!many)
        {
            var single = answers[0];
            context.Response.StatusCode = single["status"]!.GetValue<int>();
            await context.Response.WriteAsJsonAsync(single);
            return;
        }

        await context.Response.WriteAsJsonAsync(answers);
    }

    private JsonObject Answer(HttpContext context, string txid, ArcServerMode mode)
    {
        switch (mode)
        {
            case ArcServerMode.FeeTooLow:
                return ErrorBody(txid, 465, "Fee too low", "The fees are too low");
            case ArcServerMode.RejectWith200:
                Statuses.TryAdd(txid, RejectStatus);
                return TxBody(txid, RejectStatus, "arc error 463: transaction output 0 satoshis is invalid");
            default:
                break;
        }

        if (Statuses.TryGetValue(txid, out var known))
        {
            DuplicateCounts.AddOrUpdate(txid, 1, (_, n) => n + 1);
            return TxBody(txid, known, AlreadyKnown);
        }

        if (!Statuses.TryAdd(txid, InitialStatus))
        {
            DuplicateCounts.AddOrUpdate(txid, 1, (_, n) => n + 1);
            return TxBody(txid, Statuses[txid], AlreadyKnown);
        }

        AcceptCounts.AddOrUpdate(txid, 1, (_, n) => n + 1);
        if (context.Request.Headers.TryGetValue("X-CallbackUrl", out var url))
        {
            _callbacks[txid] = (url.ToString(), context.Request.Headers.TryGetValue("X-CallbackToken", out var token) ? token.ToString() : null);
        }

        return TxBody(txid, InitialStatus, "");
    }

    private static async Task<List<byte[]>> ReadPayloadsAsync(HttpRequest request, bool many)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var type = request.ContentType ?? "";
        if (type.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            return [body];
        }

        if (type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase))
        {
            return [Convert.FromHexString(Encoding.ASCII.GetString(body).Trim())];
        }

        var node = JsonNode.Parse(body) ?? throw new FormatException("The body is empty JSON.");
        var objects = many
            ? node as JsonArray ?? throw new FormatException("/v1/txs takes a JSON array.")
            : new JsonArray(node.DeepClone());
        var payloads = new List<byte[]>();
        foreach (var item in objects)
        {
            var hex = item?["rawTx"]?.GetValue<string>() ?? throw new FormatException("rawTx is missing.");
            payloads.Add(Convert.FromHexString(hex));
        }

        return payloads.Count == 0 ? throw new FormatException("No transactions.") : payloads;
    }

    private void Record(HttpContext context, int count)
    {
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        Requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path, count, headers));
    }

    private bool Authorized(HttpContext context) =>
        _apiKey is null || context.Request.Headers.Authorization.ToString() == "Bearer " + _apiKey;

    private static JsonObject TxBody(string txid, string status, string extraInfo) => new()
    {
        ["blockHash"] = status == "MINED" ? "0000000000000aac89fbed163ed60061ba33bc0ab9de8e7fd8b34ad94c2414cd" : "",
        ["blockHeight"] = status == "MINED" ? 736228 : 0,
        ["extraInfo"] = extraInfo,
        ["status"] = 200,
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
        ["title"] = "OK",
        ["txStatus"] = status,
        ["txid"] = txid,
        ["merklePath"] = "",
    };

    private static JsonObject ErrorBody(string? txid, int status, string title, string detail) => new()
    {
        ["detail"] = detail,
        ["extraInfo"] = $"arc error {status}: {detail}",
        ["instance"] = null,
        ["status"] = status,
        ["title"] = title,
        ["txid"] = txid,
        ["type"] = $"https://bitcoin-sv.github.io/arc/#/errors?id=_{status}",
    };

    private static IResult Problem(int status, string title, string detail) =>
        Results.Json(ErrorBody(null, status, title, detail), statusCode: status);

    private static Task Write(HttpContext context, IResult result) => result.ExecuteAsync(context);
}
