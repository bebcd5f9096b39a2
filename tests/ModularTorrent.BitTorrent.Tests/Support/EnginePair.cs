using ModularTorrent.BitTorrent.Engine;

namespace ModularTorrent.BitTorrent.Tests.Support;

/// <summary>Two of our engines on 127.0.0.1, a seeder and a leecher, each with a test context of its own.</summary>
public sealed class EnginePair : IAsyncDisposable
{
    public required TestPluginContext SeedContext { get; init; }

    public required BitTorrentEngine Seeder { get; init; }

    public required TestPluginContext LeechContext { get; init; }

    public required BitTorrentEngine Leecher { get; init; }

    /// <summary>Starts the seeder, then the leecher (each with <see cref="TestEngines.LoopbackSettings"/> unless given settings).</summary>
    public static async Task<EnginePair> StartAsync(EngineSettings? seeder = null, EngineSettings? leecher = null)
    {
        var seedContext = new TestPluginContext();
        var leechContext = new TestPluginContext();
        var seedEngine = await TestEngines.StartAsync(seedContext, seeder);
        try
        {
            var leechEngine = await TestEngines.StartAsync(leechContext, leecher);
            return new EnginePair { SeedContext = seedContext, Seeder = seedEngine, LeechContext = leechContext, Leecher = leechEngine };
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
