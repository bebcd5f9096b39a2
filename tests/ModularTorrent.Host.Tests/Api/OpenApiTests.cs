using System.Net.Http.Json;
using System.Text.Json;
using ModularTorrent.Host.Tests.Support;

namespace ModularTorrent.Host.Tests.Api;

public sealed class OpenApiTests
{
    [Fact]
    public async Task The_openapi_document_lists_the_plugin_routes_and_their_problem_responses()
    {
        using var factory = new HostFactory();
        using var client = factory.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");

        foreach (var route in new[] { "/health", "/api/v1/plugins", "/api/v1/plugins/{id}", "/api/v1/plugins/{id}/reload", "/api/v1/plugins/{id}/disable", "/api/v1/plugins/{id}/enable" })
        {
            Assert.True(paths.TryGetProperty(route, out _), $"{route} missing from the OpenAPI document");
        }

        var reload = paths.GetProperty("/api/v1/plugins/{id}/reload").GetProperty("post").GetProperty("responses");
        Assert.True(reload.TryGetProperty("404", out _));
    }
}
