using System.Net;
using Microsoft.Extensions.Options;
using ModularTorrent.Host.Api;

namespace ModularTorrent.Host.Security;

/// <summary>Endpoint filters that demand an API key with at least a given scope.</summary>
internal static class ApiKeyAccess
{
    public const string CallerItem = "mt.api-key";

    /// <summary>Requires an API key with <paramref name="scope"/> or more (reads may be open on loopback when configured).</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, ApiScope scope)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter(async (context, next) =>
        {
            var denied = await CheckAsync(context.HttpContext, scope);
            return denied ?? await next(context);
        });
        return builder;
    }

    /// <summary>The caller's key name (for audit records), or <c>anonymous</c>.</summary>
    public static string CallerName(HttpContext http) => http.Items[CallerItem] is ApiKey key ? $"{key.Name} ({key.Id})" : "anonymous";

    private static async Task<IResult?> CheckAsync(HttpContext http, ApiScope required)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value;
        var presented = Extract(http.Request);
        if (presented is null)
        {
            if (required == ApiScope.Read && options.AllowAnonymousLoopbackReads && IsLoopback(http.Connection.RemoteIpAddress))
            {
                return null;
            }

            return Problems.Unauthorized($"An API key with scope '{Name(required)}' is required: send 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.");
        }

        var key = await http.RequestServices.GetRequiredService<ApiKeyStore>().ValidateAsync(presented, http.RequestAborted);
        if (key is null)
        {
            return Problems.Unauthorized("The API key is unknown or revoked.");
        }

        if (key.Scope < required)
        {
            return Problems.Forbidden($"The API key '{key.Id}' has scope '{Name(key.Scope)}'; this needs '{Name(required)}'.");
        }

        http.Items[CallerItem] = key;
        return null;
    }

    private static string? Extract(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization[7..].Trim();
        }

        var header = request.Headers["X-Api-Key"].ToString();
        if (header.Length > 0)
        {
            return header;
        }

        // Browsers cannot set headers on a WebSocket handshake, so the event stream also takes ?key=.
        return request.HttpContext.WebSockets.IsWebSocketRequest && request.Query.TryGetValue("key", out var key) ? key.ToString() : null;
    }

    private static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address);

    private static string Name(ApiScope scope) => scope.ToString().ToLowerInvariant();
}
