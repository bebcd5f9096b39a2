using System.Net;
using ModularTorrent.BitTorrent.Engine;
using ModularTorrent.Sdk.Plugins;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.BitTorrent.Tests.Support;

public static class TestEngines
{
    public static EngineSettings LoopbackSettings(long uploadLimit = 0, long downloadLimit = 0) => new()
    {
        ListenAddress = IPAddress.Loopback,
        ListenPort = 0,
        UploadLimit = uploadLimit,
        DownloadLimit = downloadLimit,
        ResumeSaveInterval = TimeSpan.FromSeconds(1),
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };

    public static async Task<BitTorrentEngine> StartAsync(TestPluginContext context, EngineSettings? settings = null, IResumeStore? resume = null, IPluginStateStore? state = null)
    {
        var engine = new BitTorrentEngine(settings ?? LoopbackSettings(), new EngineServices
        {
            Clock = context.Clock,
            Logger = context.Logger,
            Events = context.Events,
            Resume = resume ?? context.Resume,
            State = state ?? context.State,
            Extensions = context.Extensions,
        });
        await engine.StartAsync();
        return engine;
    }

    public static IPEndPoint EndPoint(BitTorrentEngine engine) => new(IPAddress.Loopback, engine.ListenPort);
}
