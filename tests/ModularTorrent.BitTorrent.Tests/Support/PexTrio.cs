using ModularTorrent.BitTorrent.Engine;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.Torrents;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.BitTorrent.Tests.Support;

/// <summary>
/// Three of our engines for peer-exchange tests: A seeds, B is given A, C is given only B. Whatever C and A learn of
/// each other comes through B's ut_pex messages (BEP 11).
/// </summary>
public sealed class PexTrio : IAsyncDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private PexTrio()
    {
    }

    public TestPluginContext AContext { get; } = new();

    public TestPluginContext BContext { get; } = new();

    public TestPluginContext CContext { get; } = new();

    public BitTorrentEngine A { get; private set; } = null!;

    public BitTorrentEngine B { get; private set; } = null!;

    public BitTorrentEngine C { get; private set; } = null!;

    public Torrent ATorrent { get; private set; } = null!;

    public Torrent BTorrent { get; private set; } = null!;

    public Torrent CTorrent { get; private set; } = null!;

    /// <summary>Starts the engines, A seeding from <paramref name="seedDir"/>, then B connected to A, then C given B.</summary>
    /// <param name="seedUploadLimit">A's upload limit in bytes/s (0: none), to keep transfers running while a test looks.</param>
    /// <param name="bLimits">B's torrent limits, e.g. a slow download so B stays connected to A.</param>
    public static async Task<PexTrio> StartAsync(TorrentMetainfo metainfo, string seedDir, string bDir, string cDir, long seedUploadLimit = 0, RateLimits? bLimits = null)
    {
        var trio = new PexTrio();
        try
        {
            trio.A = await TestEngines.StartAsync(trio.AContext, TestEngines.LoopbackSettings(uploadLimit: seedUploadLimit));
            trio.B = await TestEngines.StartAsync(trio.BContext);
            trio.C = await TestEngines.StartAsync(trio.CContext);
            trio.ATorrent = await trio.A.AddAsync(metainfo, new TorrentOptions(seedDir));
            await trio.ATorrent.WaitForStartAsync();
            trio.BTorrent = await trio.B.AddAsync(metainfo, new TorrentOptions(bDir) { Peers = [TestEngines.EndPoint(trio.A)], Limits = bLimits });
            await Poll.UntilAsync(() => trio.BTorrent.GetPeers().Count == 1, Bound, trio.BContext.TestLogger.Dump);
            trio.CTorrent = await trio.C.AddAsync(metainfo, new TorrentOptions(cDir) { Peers = [TestEngines.EndPoint(trio.B)] });
            return trio;
        }
        catch
        {
            await trio.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops C, B, then A (abruptly).</summary>
    public async ValueTask DisposeAsync()
    {
        // Null while StartAsync has not got that far.
        foreach (var engine in new BitTorrentEngine?[] { C, B, A })
        {
            if (engine is not null)
            {
                await engine.DisposeAsync();
            }
        }
    }
}
