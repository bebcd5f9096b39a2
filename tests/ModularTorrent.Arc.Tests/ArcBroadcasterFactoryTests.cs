using ModularTorrent.Arc.Outbox;
using ModularTorrent.Arc.Tests.Server;
using ModularTorrent.Sdk.Events;
using ModularTorrent.Sdk.Plugins;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.Arc.Tests;

public sealed class ArcBroadcasterFactoryTests
{
    private sealed class Config(Dictionary<string, string?> values) : IPluginConfiguration
    {
        public string? this[string key] => values.TryGetValue(key, out var v) ? v : null;

        public IReadOnlyDictionary<string, string?> AsDictionary() => values;
    }

    private sealed class Logger : IPluginLogger
    {
        public void Log(PluginLogLevel level, string message, Exception? exception = null)
        {
        }

        public bool IsEnabled(PluginLogLevel level) => false;
    }

    /// <summary>The parts of a plugin context the factory uses; the rest is not needed by it.</summary>
    private sealed class Context(IPluginConfiguration configuration, IEventSink events, string dataDirectory) : IPluginContext
    {
        public PluginManifest Manifest => throw new NotSupportedException();

        public IPluginLogger Logger { get; } = new Logger();

        public IPluginConfiguration Configuration => configuration;

        public IPluginStateStore State => throw new NotSupportedException();

        public IResumeStore Resume => throw new NotSupportedException();

        public TimeProvider Clock => TimeProvider.System;

        public IEventSink Events => events;

        public IExtensionRegistry Extensions => throw new NotSupportedException();

        public string DataDirectory => dataDirectory;
    }

    [Fact]
    public async Task Builds_a_broadcaster_with_a_sqlite_outbox_in_the_plugin_data_folder()
    {
        await using var server = await ArcTestServer.StartAsync(apiKey: "k");
        using var temp = new TempFolder("mt-arc-ctx");
        var folder = temp.Path;
        var events = new RecordingEventSink();
        var context = new Context(new Config(new()
        {
            ["Arc:Endpoints:0:Name"] = "local",
            ["Arc:Endpoints:0:Url"] = server.BaseUrl.ToString(),
            ["Arc:Endpoints:0:ApiKey"] = "k",
        }), events, folder);
        var tx = TestData.NewTx();
        await using (var client = await ArcBroadcasterFactory.CreateAsync(context))
        {
            await client.StartAsync();
            Assert.Equal(BroadcastOutcome.Accepted, (await client.SubmitAsync(tx).WaitAsync(TimeSpan.FromSeconds(20))).Outcome);
        }

        Assert.Single(events.StatusesOf(tx.Txid));
        Assert.True(File.Exists(Path.Combine(folder, "arc", "modulartorrent.db")));
        var reopened = await ModularTorrent.Storage.StorageBootstrap.InitializeAsync(new() { DataDirectory = Path.Combine(folder, "arc") }, [new ArcMigrations()]);
        Assert.Equal(OutboxState.Accepted, (await new SqlArcOutbox(reopened).GetAsync(tx.Txid))!.State);
    }

    [Fact]
    public async Task Unknown_outbox_mode_is_rejected()
    {
        var context = new Context(new Config(new() { ["Arc:Outbox"] = "redis" }), new RecordingEventSink(), Path.GetTempPath());
        var e = await Assert.ThrowsAsync<ArgumentException>(() => ArcBroadcasterFactory.CreateAsync(context));
        Assert.Contains("Arc:Outbox", e.Message);
    }
}
