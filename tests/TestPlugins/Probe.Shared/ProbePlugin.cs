using ModularTorrent.Sdk.Pieces;
using ModularTorrent.Sdk.Plugins;

namespace ModularTorrent.TestPlugins.Probe;

/// <summary>A test plugin whose observable behaviour is its build version: it registers a policy named "probe" that picks piece PROBE_VERSION.</summary>
public sealed class ProbePlugin : IPlugin
{
    public Task StartAsync(IPluginContext context, CancellationToken cancellationToken)
    {
        context.Extensions.Register<IPieceSelectionPolicy>(new ProbePolicy());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Always picks the piece whose index is the plugin's version.</summary>
public sealed class ProbePolicy : IPieceSelectionPolicy
{
    public string Name => "probe";

    public int SelectPieces(scoped in PieceSelectionContext context, Span<int> destination)
    {
#if PROBE_V2
        destination[0] = 2;
#else
        destination[0] = 1;
#endif
        return 1;
    }
}
