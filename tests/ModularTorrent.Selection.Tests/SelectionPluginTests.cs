using System.Text.Json;
using ModularTorrent.Sdk;
using ModularTorrent.Sdk.Events;
using ModularTorrent.Sdk.Pieces;
using ModularTorrent.Sdk.Plugins;
using ModularTorrent.Sdk.Protocols;
using Xunit;

namespace ModularTorrent.Selection.Tests;

public sealed class SelectionPluginTests
{
    [Fact]
    public async Task Start_registers_the_three_policies_by_name()
    {
        var registry = new ListRegistry();
        var plugin = new SelectionPlugin();

        await plugin.StartAsync(new Context(registry), CancellationToken.None);

        var policies = registry.GetAll<IPieceSelectionPolicy>();
        Assert.Equal(["rarest-first", "sequential", "priority"], policies.Select(p => p.Name));
        Assert.IsType<SequentialPolicy>(registry.Find<IPieceSelectionPolicy>("SEQUENTIAL"));
        await plugin.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void Manifest_in_output_matches_what_the_plugin_provides()
    {
        var folder = Path.GetDirectoryName(typeof(SelectionPlugin).Assembly.Location)!;
        var json = File.ReadAllText(Path.Combine(folder, PluginManifest.FileName));
        var manifest = JsonSerializer.Deserialize<PluginManifest>(json, JsonSerializerOptions.Web)!;

        Assert.Equal("modulartorrent.selection", manifest.Id);
        Assert.Equal("piece-policy", manifest.Kind);
        Assert.Equal("ModularTorrent.Selection.dll", manifest.EntryAssembly);
        Assert.True(manifest.Sdk.Contains(SdkVersion.Current));
        Assert.Equal(["rarest-first", "sequential", "priority"], manifest.Provides);
    }

    [Fact]
    public void Plugin_build_output_does_not_carry_its_own_sdk_copy()
    {
        // The test's bin holds the SDK (the test references it); the plugin's own bin must not.
        var root = Path.GetDirectoryName(typeof(SelectionPlugin).Assembly.Location)!;
        var config = new DirectoryInfo(root).Parent!.Name; // Debug or Release
        var repo = RepoRoot();
        var pluginBin = Path.Combine(repo, "plugins", "ModularTorrent.Selection", "bin", config, "net10.0");

        Assert.True(File.Exists(Path.Combine(pluginBin, "ModularTorrent.Selection.dll")), pluginBin);
        Assert.True(File.Exists(Path.Combine(pluginBin, "plugin.json")));
        Assert.False(File.Exists(Path.Combine(pluginBin, "ModularTorrent.Sdk.dll")));
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ModularTorrent.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("ModularTorrent.sln not found above the test folder.");
    }

    private sealed class ListRegistry : IExtensionRegistry
    {
        private readonly List<object> _items = [];

        public void Register<T>(T extension)
            where T : class => _items.Add(extension);

        public IReadOnlyList<T> GetAll<T>()
            where T : class => _items.OfType<T>().ToList();

        public T? Find<T>(string name)
            where T : class, INamedExtension =>
            _items.OfType<T>().FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    private sealed class Context(IExtensionRegistry registry) : IPluginContext
    {
        public PluginManifest Manifest { get; } = new()
        {
            Id = "modulartorrent.selection",
            Name = "test",
            Version = "1.0.0",
            EntryAssembly = "ModularTorrent.Selection.dll",
            Sdk = new SdkRange { Min = "1.0.0", MaxExclusive = "2.0.0" },
        };

        public IPluginLogger Logger { get; } = new SilentLog();
        public IPluginConfiguration Configuration => throw new NotSupportedException();
        public IPluginStateStore State => throw new NotSupportedException();
        public IResumeStore Resume => throw new NotSupportedException();
        public TimeProvider Clock => TimeProvider.System;
        public IEventSink Events => throw new NotSupportedException();
        public IExtensionRegistry Extensions { get; } = registry;
        public string DataDirectory => Path.GetTempPath();
    }

    private sealed class SilentLog : IPluginLogger
    {
        public bool IsEnabled(PluginLogLevel level) => true;

        public void Log(PluginLogLevel level, string message, Exception? exception = null)
        {
        }
    }
}
