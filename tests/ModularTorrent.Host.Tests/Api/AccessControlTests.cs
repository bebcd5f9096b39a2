using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ModularTorrent.Host.Security;
using ModularTorrent.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ModularTorrent.Host.Tests.Api;

public sealed class AccessControlTests
{
    [Fact]
    public async Task Without_a_key_reads_and_writes_are_refused_with_401_problems()
    {
        using var factory = new HostFactory();
        using var anonymous = factory.CreateAnonymousClient();

        var read = await anonymous.GetAsync("/api/v1/plugins");
        var write = await anonymous.PostAsync("/api/v1/plugins/x/reload", null);

        Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, write.StatusCode);
        var problem = await read.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("https://modulartorrent.dev/problems/unauthorized", problem.GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
    }

    [Theory]
    [InlineData(ApiScope.Read, HttpStatusCode.OK, HttpStatusCode.Forbidden)]
    [InlineData(ApiScope.Operate, HttpStatusCode.OK, HttpStatusCode.Forbidden)]
    [InlineData(ApiScope.Admin, HttpStatusCode.OK, HttpStatusCode.NotFound)]
    public async Task Scopes_are_ordered_read_operate_admin(ApiScope scope, HttpStatusCode readStatus, HttpStatusCode adminStatus)
    {
        using var factory = new HostFactory();
        using var client = factory.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", factory.CreateKey(scope));

        Assert.Equal(readStatus, (await client.GetAsync("/api/v1/plugins")).StatusCode);
        Assert.Equal(adminStatus, (await client.PostAsync("/api/v1/plugins/missing/reload", null)).StatusCode);
    }

    [Fact]
    public async Task A_revoked_key_stops_working_at_once_and_keys_are_stored_hashed()
    {
        using var factory = new HostFactory();
        var store = factory.Services.GetRequiredService<ApiKeyStore>();
        var (key, secret) = await store.CreateAsync("to revoke", ApiScope.Read);
        using var client = factory.CreateAnonymousClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/plugins")).StatusCode);

        Assert.True(await store.RevokeAsync(key.Id));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/plugins")).StatusCode);
        var database = await File.ReadAllBytesAsync(Path.Combine(factory.DataDirectory, "modulartorrent.db"));
        Assert.Equal(-1, database.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(secret)));
    }

    [Fact]
    public async Task The_event_stream_refuses_a_foreign_origin_and_a_missing_key()
    {
        using var factory = new HostFactory();
        var foreign = factory.CreateAuthorizedWebSocketClient();
        var key = factory.AdminKey;
        foreign.ConfigureRequest = request =>
        {
            request.Headers["X-Api-Key"] = key;
            request.Headers.Origin = "http://evil.example";
        };
        var keyless = factory.Server.CreateWebSocketClient();

        await Assert.ThrowsAnyAsync<Exception>(() => foreign.ConnectAsync(new Uri(factory.Server.BaseAddress, "/api/v1/events"), CancellationToken.None));
        await Assert.ThrowsAnyAsync<Exception>(() => keyless.ConnectAsync(new Uri(factory.Server.BaseAddress, "/api/v1/events"), CancellationToken.None));

        var sameOrigin = factory.CreateAuthorizedWebSocketClient();
        sameOrigin.ConfigureRequest = request =>
        {
            request.Headers["X-Api-Key"] = key;
            request.Headers.Origin = "http://localhost";
        };
        using var socket = await sameOrigin.ConnectAsync(new Uri(factory.Server.BaseAddress, "/api/v1/events?key=ignored"), CancellationToken.None);
        var hello = await EventStreamTests.ReceiveAsync(socket, new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        Assert.Equal("hello", hello.GetProperty("type").GetString());
    }
}
