using Microsoft.Extensions.Options;

namespace ModularTorrent.Host.Security;

/// <summary>
/// Cross-site WebSocket hijacking guard: a browser always sends <c>Origin</c>; only the host's own
/// origin and configured ones may open the event stream. Non-browser clients send none and pass.
/// </summary>
internal static class OriginPolicy
{
    public static bool IsAllowed(HttpContext http)
    {
        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return true;
        }

        if (!Uri.TryCreate(origin, UriKind.Absolute, out var originUri))
        {
            return false;
        }

        if (string.Equals(originUri.Authority, http.Request.Host.Value, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var allowed = http.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value.AllowedOrigins;
        return allowed.Any(a => string.Equals(a.TrimEnd('/'), origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
    }
}
