using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModularTorrent.Host.Security;

namespace ModularTorrent.Host.Tests.Support;

/// <summary>The real host in-process, on a throw-away data folder (real SQLite) and plugins folder.</summary>
internal sealed class HostFactory : WebApplicationFactory<Program>
{
    private readonly TempFolder _folder = new("mt-host");
    private readonly Dictionary<string, string?> _settings;
    private string? _adminKey;
    private bool _anonymous;

    public HostFactory(IDictionary<string, string?>? settings = null)
    {
        PluginsDirectory = _folder.Sub("plugins");
        DataDirectory = _folder.Sub("data");
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["DataDirectory"] = DataDirectory,
            ["PluginHost:PluginsDirectory"] = PluginsDirectory,
            ["PluginHost:ReloadDebounce"] = "00:00:00.200",
            ["Storage:Provider"] = "sqlite",
            ["Security:CreateInitialAdminKey"] = "false",
            ["Security:AllowAnonymousLoopbackReads"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public string PluginsDirectory { get; }

    /// <summary>What the host and its plugins logged (the last few hundred lines), for failure messages.</summary>
    public CollectingLoggerProvider Logs { get; } = new();

    public string DataDirectory { get; }

    /// <summary>An admin key, created on first use; every client from <c>CreateClient</c> sends it.</summary>
    public string AdminKey => _adminKey ??= CreateKey(ApiScope.Admin);

    /// <summary>Creates a key with the given scope in this host's database.</summary>
    public string CreateKey(ApiScope scope) =>
        Services.GetRequiredService<ApiKeyStore>().CreateAsync("test " + scope, scope).GetAwaiter().GetResult().Secret;

    /// <summary>A client without any key.</summary>
    public HttpClient CreateAnonymousClient()
    {
        _anonymous = true;
        try
        {
            return CreateClient();
        }
        finally
        {
            _anonymous = false;
        }
    }

    /// <summary>A WebSocket client that sends the admin key.</summary>
    public Microsoft.AspNetCore.TestHost.WebSocketClient CreateAuthorizedWebSocketClient()
    {
        var client = Server.CreateWebSocketClient();
        var key = AdminKey;
        client.ConfigureRequest = request => request.Headers["X-Api-Key"] = key;
        return client;
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        if (!_anonymous)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Settings go in as command-line style arguments so Program sees them before it builds anything.
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(_settings));
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _folder.Dispose();
        }
    }
}
