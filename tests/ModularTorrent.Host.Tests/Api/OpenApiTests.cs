using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ModularTorrent.Host.Tests.Support;

namespace ModularTorrent.Host.Tests.Api;

public sealed class OpenApiTests
{
    [Fact]
    public async Task The_openapi_document_lists_every_route_the_host_maps()
    {
        using var factory = new HostFactory();
        using var client = factory.CreateClient();
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");

        var routes = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.Trim('/'))
            .Where(r => r.StartsWith("/api/", StringComparison.Ordinal) || r == "/health")
            .Where(r => r != "/api/v1/events") // WebSocket upgrade: not an HTTP operation OpenAPI can describe
            .Distinct()
            .ToList();

        Assert.True(routes.Count > 20, $"only {routes.Count} routes found");
        var missing = routes.Where(r => !paths.TryGetProperty(r, out _)).ToList();
        Assert.True(missing.Count == 0, "missing from the OpenAPI document: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task Error_responses_are_documented_as_problem_details()
    {
        using var factory = new HostFactory();
        using var client = factory.CreateClient();
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");

        var reload = paths.GetProperty("/api/v1/plugins/{id}/reload").GetProperty("post").GetProperty("responses");
        Assert.True(reload.TryGetProperty("404", out var notFound));
        Assert.True(notFound.GetProperty("content").TryGetProperty("application/problem+json", out _));
        var add = paths.GetProperty("/api/v1/torrents").GetProperty("post").GetProperty("responses");
        foreach (var status in new[] { "201", "400", "409", "422", "502", "401", "403" })
        {
            Assert.True(add.TryGetProperty(status, out _), $"POST /api/v1/torrents does not document {status}");
        }

        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("TorrentResource", out _));
    }
}
