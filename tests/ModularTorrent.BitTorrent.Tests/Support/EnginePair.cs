using ModularTorrent.BitTorrent.Engine;

namespace ModularTorrent.BitTorrent.Tests.Support;

/// <summary>Two of our engines on 127.0.0.1, a seeder and a leecher, each with a test context of its own.</summary>
public sealed class EnginePair : IAsyncDisposable
{
    private EnginePair(TestPluginContext seedContext, BitTorrentEngine seeder, TestPluginContext leechContext, BitTorrentEngine leecher)
    {
        SeedContext = seedContext;
        Seeder = seeder;
        LeechContext = leechContext;
        Leecher = leecher;
    }

    public TestPluginContext SeedContext { get; }

    public BitTorrentEngine Seeder { get; }

    public TestPluginContext LeechContext { get; }

    public BitTorrentEngine Leecher { get; }

    /// <summary>Starts the seeder, then the leecher (each with <see cref="TestEngines.LoopbackSettings"/> unless given settings).</summary>
    public static async Task<EnginePair> StartAsync(EngineSettings? seeder = null, EngineSettings? leecher = null)
    {
        var seedContext = new TestPluginContext();
        var leechContext = new TestPluginContext();
        var seedEngine = await TestEngines.StartAsync(seedContext, seeder);
        try
        {
            return new EnginePair(seedContext, seedEngine, leechContext, await TestEngines.StartAsync(leechContext, leecher));
        }
        catch
        {
            await seedEngine.DisposeAsync();
            throw;
        }
    }

    /// <summary>Both engines' logs, the leecher's first, for failure messages.</summary>
    public string Logs() => LeechContext.TestLogger.Dump() + SeedContext.TestLogger.Dump();

    /// <summary>Stops the leecher, then the seeder.</summary>
    public async ValueTask DisposeAsync()
    {
        await Leecher.DisposeAsync();
        await Seeder.DisposeAsync();
    }
}
