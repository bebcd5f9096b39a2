using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace ModularTorrent.Host.Tests.Support;

/// <summary>The real host in-process, on a throw-away data folder (real SQLite) and plugins folder.</summary>
internal sealed class HostFactory : WebApplicationFactory<Program>
{
    private readonly TempFolder _folder = new("mt-host");
    private readonly Dictionary<string, string?> _settings;

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
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public string PluginsDirectory { get; }

    public string DataDirectory { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Settings go in as command-line style arguments so Program sees them before it builds anything.
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(_settings));
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
