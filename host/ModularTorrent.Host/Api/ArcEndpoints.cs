using Microsoft.AspNetCore.Http.HttpResults;
using ModularTorrent.Arc;
using ModularTorrent.Arc.Endpoints;
using ModularTorrent.Arc.Tracking;
using ModularTorrent.Host.Security;

namespace ModularTorrent.Host.Api;

/// <summary>
/// <c>/api/v1/arc</c>: the ARC broadcaster's endpoints managed at run time (admin scope) with their
/// statistics, and the callback route ARC posts status updates to (checked by its callback token).
/// </summary>
internal static class ArcEndpoints
{
    public static IEndpointRouteBuilder MapArcEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/arc").WithTags("ARC broadcaster").RequireScope(ApiScope.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        admin.MapGet("/endpoints", (ArcBroadcaster arc) => TypedResults.Ok(arc.Endpoints.List()))
            .WithName("ListArcEndpoints").WithSummary("Broadcaster endpoints in failover order, with successes, failures, latency p50/p99 and breaker state.");
        admin.MapGet("/endpoints/{name}", (string name, ArcBroadcaster arc) => Guard(() => TypedResults.Ok(arc.Endpoints.Get(name))))
            .WithName("GetArcEndpoint").Produces<ArcEndpointSnapshot>().ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/endpoints", IResult (ArcEndpointBody body, ArcBroadcaster arc) =>
            {
                if (string.IsNullOrWhiteSpace(body.Name))
                {
                    return Problems.Validation("name", "A name is required.");
                }

                if (!Uri.TryCreate(body.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                {
                    return Problems.Validation("url", "Give the absolute http(s) base URL of an ARC server, e.g. https://arc.example.com.");
                }

                if (body.Order is < 0)
                {
                    return Problems.Validation("order", "Must be 0 or more.");
                }

                return Guard(() =>
                {
                    var added = arc.Endpoints.Add(new ArcEndpointOptions { Name = body.Name, BaseUrl = url, ApiKey = body.ApiKey, Enabled = body.Enabled ?? true }, body.Order);
                    return TypedResults.Created($"/api/v1/arc/endpoints/{added.Name}", added);
                });
            })
            .WithName("AddArcEndpoint").Produces<ArcEndpointSnapshot>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapDelete("/endpoints/{name}", (string name, ArcBroadcaster arc) => Guard(() =>
            {
                arc.Endpoints.Remove(name);
                return TypedResults.NoContent();
            }))
            .WithName("RemoveArcEndpoint").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/endpoints/{name}/enable", (string name, ArcBroadcaster arc) => Guard(() => TypedResults.Ok(arc.Endpoints.Enable(name))))
            .WithName("EnableArcEndpoint").Produces<ArcEndpointSnapshot>().ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/endpoints/{name}/disable", (string name, ArcBroadcaster arc) => Guard(() => TypedResults.Ok(arc.Endpoints.Disable(name))))
            .WithName("DisableArcEndpoint").Produces<ArcEndpointSnapshot>().ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapGet("/endpoints/{name}/health", async Task<IResult> (string name, ArcBroadcaster arc, CancellationToken ct) =>
            {
                try
                {
                    return await arc.GetHealthAsync(name, ct) is { } health
                        ? TypedResults.Ok(health)
                        : Problems.BadGateway("arc-unreachable", $"ARC endpoint '{name}' did not answer /v1/health.");
                }
                catch (ArcEndpointException ex)
                {
                    return FromRegistry(ex);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    return Problems.BadGateway("arc-unreachable", $"ARC endpoint '{name}' did not answer /v1/health: {ex.Message}");
                }
            })
            .WithName("GetArcEndpointHealth").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status502BadGateway);
        admin.MapPut("/rate-limit", IResult (RateLimitBody body, ArcBroadcaster arc) =>
            {
                if (body.TransactionsPerSecond is not > 0 || double.IsInfinity(body.TransactionsPerSecond.Value))
                {
                    return Problems.Validation("transactionsPerSecond", "A positive number of transactions per second.");
                }

                if (body.Burst is < 1)
                {
                    return Problems.Validation("burst", "At least 1.");
                }

                arc.SetRateLimit(body.TransactionsPerSecond.Value, body.Burst);
                return TypedResults.NoContent();
            })
            .WithName("SetArcRateLimit").Produces(StatusCodes.Status204NoContent).ProducesValidationProblem();

        // ARC calls this itself: no API key, the callback token it was given authenticates it.
        app.MapPost("/api/v1/arc/callback", async Task<IResult> (HttpRequest request, ArcBroadcaster arc, CancellationToken ct) =>
            {
                using var body = new MemoryStream();
                await request.Body.CopyToAsync(body, ct);
                if (body.Length > 1024 * 1024)
                {
                    return Problems.Validation("body", "A callback is at most 1 MiB.");
                }

                var token = request.Headers.Authorization.ToString();
                token = token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? token[7..].Trim() : token;
                return await arc.HandleCallbackAsync(token, body.ToArray(), ct) switch
                {
                    ArcCallbackResult.Accepted => Results.Ok(),
                    ArcCallbackResult.Unauthorized => Problems.Unauthorized("The callback token is missing or wrong."),
                    ArcCallbackResult.Invalid => Problems.Validation("body", "Not an ARC status callback."),
                    _ => Problems.NotFound("arc-callbacks-off", "No callback token is configured, so callbacks are not taken."),
                };
            })
            .WithTags("ARC broadcaster")
            .WithName("ArcCallback")
            .WithSummary("ARC status callbacks (X-CallbackUrl), authenticated by the callback token.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    private static IResult Guard(Func<IResult> action)
    {
        try
        {
            return action();
        }
        catch (ArcEndpointException ex)
        {
            return FromRegistry(ex);
        }
    }

    private static ProblemHttpResult FromRegistry(ArcEndpointException ex) => ex.Error switch
    {
        ArcEndpointError.NotFound => Problems.NotFound("arc-endpoint-not-found", ex.Message),
        ArcEndpointError.Conflict => Problems.Conflict("arc-endpoint-exists", ex.Message),
        _ => Problems.Unprocessable("arc-endpoint-invalid", ex.Message),
    };

    /// <summary>A new broadcaster endpoint.</summary>
    internal sealed record ArcEndpointBody(string? Name, string? Url, string? ApiKey, bool? Enabled, int? Order);

    /// <summary>The broadcaster's submission rate limit.</summary>
    internal sealed record RateLimitBody(double? TransactionsPerSecond, int? Burst);
}
