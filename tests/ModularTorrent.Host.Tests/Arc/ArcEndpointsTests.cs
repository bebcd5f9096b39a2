using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ModularTorrent.Host.Security;
using ModularTorrent.Host.Tests.Support;
using ModularTorrent.Host.Tests.Torrents;

namespace ModularTorrent.Host.Tests.Arc;

/// <summary>The ARC broadcaster's admin routes and its callback route, through the real host.</summary>
public sealed class ArcEndpointsTests
{
    [Fact]
    public async Task Endpoints_are_added_listed_disabled_enabled_and_removed_at_run_time_by_admins_only()
    {
        using var factory = new HostFactory(new Dictionary<string, string?> { ["Arc:Endpoints:0:Name"] = "primary", ["Arc:Endpoints:0:Url"] = "http://127.0.0.1:9/", ["Arc:Endpoints:0:ApiKey"] = "secret-key" });
        using var admin = factory.CreateClient();

        var initial = await admin.GetFromJsonAsync<JsonElement>("/api/v1/arc/endpoints");
        Assert.Equal("primary", initial[0].GetProperty("name").GetString());
        Assert.True(initial[0].GetProperty("hasApiKey").GetBoolean());
        Assert.DoesNotContain("secret-key", initial.GetRawText(), StringComparison.Ordinal);

        var added = await admin.PostAsJsonAsync("/api/v1/arc/endpoints", new { name = "fallback", url = $"http://127.0.0.1:{FreePort.Next()}", apiKey = "k2" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var list = await admin.GetFromJsonAsync<JsonElement>("/api/v1/arc/endpoints");
        Assert.Equal(["primary", "fallback"], list.EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.True(list[1].TryGetProperty("latencyP99Ms", out _));
        Assert.True(list[1].TryGetProperty("breaker", out _));

        var disabled = await (await admin.PostAsync("/api/v1/arc/endpoints/fallback/disable", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(disabled.GetProperty("enabled").GetBoolean());
        var enabled = await (await admin.PostAsync("/api/v1/arc/endpoints/fallback/enable", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(enabled.GetProperty("enabled").GetBoolean());

        await TorrentApiTests.AssertProblemAsync(await admin.PostAsJsonAsync("/api/v1/arc/endpoints", new { name = "fallback", url = "http://127.0.0.1:1" }), HttpStatusCode.Conflict, "arc-endpoint-exists");
        await TorrentApiTests.AssertValidationAsync(await admin.PostAsJsonAsync("/api/v1/arc/endpoints", new { name = "x", url = "not a url" }), "url");
        await TorrentApiTests.AssertValidationAsync(await admin.PutAsJsonAsync("/api/v1/arc/rate-limit", new { transactionsPerSecond = 0 }), "transactionsPerSecond");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync("/api/v1/arc/rate-limit", new { transactionsPerSecond = 250 })).StatusCode);
        await TorrentApiTests.AssertProblemAsync(await admin.GetAsync("/api/v1/arc/endpoints/fallback/health"), HttpStatusCode.BadGateway, "arc-unreachable");

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/v1/arc/endpoints/fallback")).StatusCode);
        await TorrentApiTests.AssertProblemAsync(await admin.DeleteAsync("/api/v1/arc/endpoints/fallback"), HttpStatusCode.NotFound, "arc-endpoint-not-found");

        using var operate = factory.CreateAnonymousClient();
        operate.DefaultRequestHeaders.Add("X-Api-Key", factory.CreateKey(ApiScope.Operate));
        Assert.Equal(HttpStatusCode.Forbidden, (await operate.GetAsync("/api/v1/arc/endpoints")).StatusCode);
    }

    [Fact]
    public async Task Callbacks_need_the_callback_token()
    {
        using var factory = new HostFactory(new Dictionary<string, string?> { ["Arc:CallbackUrl"] = "http://127.0.0.1/api/v1/arc/callback", ["Arc:CallbackToken"] = "cb-token-123" });
        using var anonymous = factory.CreateAnonymousClient();
        var body = new { txid = new string('a', 64), txStatus = "SEEN_ON_NETWORK", timestamp = "2026-11-22T00:00:00Z" };

        var wrong = new HttpRequestMessage(HttpMethod.Post, "/api/v1/arc/callback") { Content = JsonContent.Create(body) };
        wrong.Headers.Authorization = new("Bearer", "nope");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(wrong)).StatusCode);

        var right = new HttpRequestMessage(HttpMethod.Post, "/api/v1/arc/callback") { Content = JsonContent.Create(body) };
        right.Headers.Authorization = new("Bearer", "cb-token-123");
        Assert.Equal(HttpStatusCode.OK, (await anonymous.SendAsync(right)).StatusCode);

        var garbage = new HttpRequestMessage(HttpMethod.Post, "/api/v1/arc/callback") { Content = new StringContent("[1,2") };
        garbage.Headers.Authorization = new("Bearer", "cb-token-123");
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.SendAsync(garbage)).StatusCode);
    }
}
