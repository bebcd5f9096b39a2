using ModularTorrent.Sdk.Payments;
using ModularTorrent.Sdk.Plugins;

namespace ModularTorrent.Payments.Free;

/// <summary>Registers the <c>free</c> payment strategy.</summary>
public sealed class FreePaymentPlugin : IPlugin
{
    /// <inheritdoc />
    public Task StartAsync(IPluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Extensions.Register<IPaymentStrategy>(new FreePaymentStrategy());
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
