using ModularTorrent.Sdk.Pieces;
using ModularTorrent.Sdk.Plugins;

namespace ModularTorrent.Selection;

/// <summary>Registers the piece-selection policies <c>rarest-first</c>, <c>sequential</c> and <c>priority</c>.</summary>
/// <remarks>
/// The policies are stateless, so there is nothing to stop: the host drops the registrations when
/// the plugin unloads, and nothing here (no timer, thread or static event) keeps the plugin alive.
/// </remarks>
public sealed class SelectionPlugin : IPlugin
{
    /// <inheritdoc />
    public Task StartAsync(IPluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Extensions.Register<IPieceSelectionPolicy>(new RarestFirstPolicy());
        context.Extensions.Register<IPieceSelectionPolicy>(new SequentialPolicy());
        context.Extensions.Register<IPieceSelectionPolicy>(new PriorityPolicy());
        context.Logger.Log(PluginLogLevel.Information, "Registered piece policies: rarest-first, sequential, priority.");
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
