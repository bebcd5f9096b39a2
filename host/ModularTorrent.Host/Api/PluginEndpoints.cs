using Microsoft.AspNetCore.Http.HttpResults;
using ModularTorrent.Host.Security;
using ModularTorrent.Runtime.Plugins;

namespace ModularTorrent.Host.Api;

/// <summary><c>/api/v1/plugins</c>: list, inspect, reload, enable, disable and install plugins.</summary>
internal static class PluginEndpoints
{
    public static IEndpointRouteBuilder MapPluginEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/plugins").WithTags("Plugins").ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/", (PluginManager plugins) => TypedResults.Ok(plugins.List().Select(PluginResource.From).ToList()))
            .RequireScope(ApiScope.Read)
            .WithName("ListPlugins")
            .WithSummary("Every plugin folder with its state, exports and load error.");

        group.MapGet("/{id}", Results<Ok<PluginResource>, ProblemHttpResult> (string id, PluginManager plugins) =>
                plugins.Get(id) is { } info ? TypedResults.Ok(PluginResource.From(info)) : UnknownPlugin(id))
            .RequireScope(ApiScope.Read)
            .WithName("GetPlugin")
            .ProducesProblem(StatusCodes.Status404NotFound);

        MapAction(group, "reload", (plugins, id, ct) => plugins.ReloadAsync(id, ct), "Stops, unloads and loads the plugin again from its folder.");
        MapAction(group, "disable", (plugins, id, ct) => plugins.DisableAsync(id, ct), "Stops and unloads the plugin and keeps it off across restarts.");
        MapAction(group, "enable", (plugins, id, ct) => plugins.EnableAsync(id, ct), "Turns a disabled plugin back on and loads it.");

        group.MapPost("/", InstallAsync)
            .RequireScope(ApiScope.Admin)
            .WithName("InstallPlugin")
            .WithSummary("Installs or upgrades a plugin from a zip (multipart field 'package', or an application/zip body).")
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data", "application/zip")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    private static void MapAction(RouteGroupBuilder group, string action, Func<PluginManager, string, CancellationToken, Task<PluginInfo>> run, string summary)
    {
        group.MapPost($"/{{id}}/{action}", async Task<Results<Ok<PluginResource>, ProblemHttpResult>> (string id, PluginManager plugins, CancellationToken ct) =>
            {
                try
                {
                    return TypedResults.Ok(PluginResource.From(await run(plugins, id, ct)));
                }
                catch (KeyNotFoundException)
                {
                    return UnknownPlugin(id);
                }
            })
            .RequireScope(ApiScope.Admin)
            .WithName($"{char.ToUpperInvariant(action[0])}{action[1..]}Plugin")
            .WithSummary(summary)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Created<PluginResource>, ValidationProblem, ProblemHttpResult>> InstallAsync(HttpRequest request, PluginManager plugins, CancellationToken ct)
    {
        Stream package;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            var file = form.Files.GetFile("package");
            if (file is null || file.Length == 0)
            {
                return Problems.Validation("package", "A zip file is required in the multipart field 'package'.");
            }

            package = new MemoryStream();
            await file.CopyToAsync(package, ct);
        }
        else if (string.Equals(request.ContentType, "application/zip", StringComparison.OrdinalIgnoreCase))
        {
            package = new MemoryStream();
            await request.Body.CopyToAsync(package, ct);
        }
        else
        {
            return Problems.Validation("package", "Send the plugin as multipart/form-data (field 'package') or as an application/zip body.");
        }

        await using (package)
        {
            package.Position = 0;
            try
            {
                var info = await plugins.InstallAsync(package, ct);
                return TypedResults.Created($"/api/v1/plugins/{info.Id}", PluginResource.From(info));
            }
            catch (PluginLoadException ex)
            {
                return Problems.Unprocessable("invalid-plugin-package", ex.Message);
            }
        }
    }

    private static ProblemHttpResult UnknownPlugin(string id) => Problems.NotFound("plugin-not-found", $"No plugin with id '{id}'.");
}
