using ModularTorrent.Host.Realtime;
using ModularTorrent.Host.Security;
using ModularTorrent.Runtime.Events;

namespace ModularTorrent.Host.Api;

/// <summary><c>/api/v1/events</c>: the live event stream over WebSocket.</summary>
internal static class EventEndpoints
{
    public static IEndpointRouteBuilder MapEventEndpoints(this IEndpointRouteBuilder app)
    {
        app.Map("/api/v1/events", async (HttpContext http, EventHub hub, ILoggerFactory loggers) =>
            {
                if (!http.WebSockets.IsWebSocketRequest)
                {
                    return Problems.Validation("connection", "This endpoint speaks WebSocket only; send an Upgrade request.");
                }

                if (!OriginPolicy.IsAllowed(http))
                {
                    return Problems.Forbidden($"Origin '{http.Request.Headers.Origin}' may not open the event stream.");
                }

                using var socket = await http.WebSockets.AcceptWebSocketAsync();
                var session = new EventStreamSession(socket, hub, EventStreamFilter.Parse(http.Request.Query), loggers.CreateLogger<EventStreamSession>());
                var snapshots = http.RequestServices.GetService<ISnapshotSource>();
                await session.RunAsync(snapshots is null ? null : snapshots.Snapshot, http.RequestAborted);
                return Results.Empty;
            })
            .RequireScope(ApiScope.Read)
            .WithTags("Events")
            .WithName("EventStream")
            .WithSummary("WebSocket: every message has 'seq' and 'type'; filters: ?infoHash=..&types=transfer,plugin.");
        return app;
    }
}
