using System.Net;
using System.Net.Sockets;
using ModularTorrent.BitTorrent.Dht;
using ModularTorrent.Sdk.Plugins;

namespace ModularTorrent.BitTorrent.Engine;

/// <summary>The engine's DHT node: started with the engine, joined through the bootstrap nodes, and its routing table kept between runs.</summary>
public sealed partial class BitTorrentEngine
{
    /// <summary>The <see cref="EngineServices.State"/> key under which the DHT routing table is kept between runs.</summary>
    public const string DhtTableStateKey = "dht.table";

    private Task _dhtTableSaving = Task.CompletedTask;

    /// <summary>How many nodes the DHT started with from the table an earlier run saved (0 without one).</summary>
    public int DhtNodesRestored { get; private set; }

    /// <summary>
    /// Writes the DHT routing table (our node id and every contact) to <see cref="EngineServices.State"/>, so the next
    /// run keeps its id and rejoins through the nodes it knew. The engine calls it after joining, every
    /// <see cref="DhtSettings.TableSaveInterval"/> and first thing on <see cref="StopAsync"/>. Nothing happens without a DHT or a store, or while the
    /// table is empty: a run that never joined keeps the last good table instead of erasing it.
    /// </summary>
    /// <returns>The number of nodes written (0 when nothing was written).</returns>
    public async Task<int> SaveDhtTableAsync(CancellationToken cancellationToken = default)
    {
        if (Dht is not { } node || Services.State is not { } state || node.NodeCount == 0)
        {
            return 0;
        }

        var count = node.NodeCount;
        await state.SetAsync(DhtTableStateKey, node.SaveRoutingTable(), cancellationToken);
        return count;
    }

    private async Task StartDhtAsync(CancellationToken cancellationToken)
    {
        if (Settings.Dht is not { } settings)
        {
            return;
        }

        var address = Settings.ListenAddress.Equals(IPAddress.IPv6Any) ? IPAddress.Any : Settings.ListenAddress;
        var node = new DhtNode(settings, Services.Clock, line => Log(PluginLogLevel.Debug, line));
        int restored;
        try
        {
            restored = await RestoreDhtTableAsync(node, cancellationToken);
            await node.StartAsync(new IPEndPoint(address, _listener is null ? Settings.ListenPort : ListenPort), cancellationToken);
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }

        Dht = node;
        DhtNodesRestored = restored;
        DhtBootstrap = Task.Run(() => BootstrapDhtAsync(node, settings.BootstrapNodes, restored), CancellationToken.None);
        if (Services.State is not null)
        {
            _dhtTableSaving = Task.Run(() => SaveDhtTablePeriodicallyAsync(settings.TableSaveInterval), CancellationToken.None);
        }
    }

    /// <summary>Loads the table saved by an earlier run into <paramref name="node"/> (before it starts, so it keeps the saved id).</summary>
    /// <returns>The number of nodes restored.</returns>
    private async Task<int> RestoreDhtTableAsync(DhtNode node, CancellationToken cancellationToken)
    {
        if (Services.State is not { } state)
        {
            return 0;
        }

        byte[]? saved;
        try
        {
            saved = await state.GetAsync(DhtTableStateKey, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            Log(PluginLogLevel.Warning, $"Reading the saved DHT routing table failed ({ex.Message}); starting with an empty table.");
            return 0;
        }

        if (saved is null)
        {
            return 0;
        }

        try
        {
            var count = node.LoadRoutingTable(saved);
            Log(PluginLogLevel.Information, $"DHT routing table restored: {count} nodes, node id {node.Id}.");
            return count;
        }
        catch (FormatException ex)
        {
            // Stored state must never stop the engine: a damaged table costs a fresh id and a bootstrap, nothing more.
            Log(PluginLogLevel.Warning, $"The saved DHT routing table is unreadable ({ex.Message}); starting with an empty table.");
            return 0;
        }
    }

    private async Task BootstrapDhtAsync(DhtNode node, IReadOnlyList<DnsEndPoint> nodes, int restored)
    {
        var endPoints = await ResolveBootstrapNodesAsync(nodes);
        if (endPoints is null || (endPoints.Count == 0 && restored == 0))
        {
            return;
        }

        try
        {
            // Restored nodes are in the table already; the lookup for our own id re-verifies them.
            var count = await node.BootstrapAsync(endPoints, _cts.Token);
            var through = restored == 0 ? $"{endPoints.Count} bootstrap nodes" : $"{endPoints.Count} bootstrap and {restored} restored nodes";
            Log(PluginLogLevel.Information, $"Joined the DHT through {through}: {count} nodes.");

            // Saved at once, so a run that ends soon after (or is killed) still leaves the nodes it found.
            await TrySaveDhtTableAsync("after joining", _cts.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException && _cts.IsCancellationRequested)
        {
            // The engine stopped while joining: nothing failed.
            Log(PluginLogLevel.Debug, "Joining the DHT stopped with the engine.");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log(PluginLogLevel.Warning, $"Joining the DHT failed: {ex.Message}");
        }
    }

    /// <summary>The IPv4 addresses of the configured bootstrap nodes; null when the engine stopped meanwhile.</summary>
    private async Task<List<IPEndPoint>?> ResolveBootstrapNodesAsync(IReadOnlyList<DnsEndPoint> nodes)
    {
        var endPoints = new List<IPEndPoint>();
        foreach (var entry in nodes)
        {
            try
            {
                var addresses = await Dns.GetHostAddressesAsync(entry.Host, _cts.Token);
                var usable = addresses.Where(a => a.AddressFamily == AddressFamily.InterNetwork).Select(a => new IPEndPoint(a, entry.Port)).ToList();
                if (usable.Count == 0)
                {
                    // The node speaks BEP 5 over IPv4 only (no BEP 32); say so rather than drop the entry in silence.
                    Log(PluginLogLevel.Warning, $"DHT bootstrap node {entry.Host}:{entry.Port} has no IPv4 address; this DHT node is IPv4 only.");
                }

                endPoints.AddRange(usable);
            }
            catch (OperationCanceledException) when (_cts.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                Log(PluginLogLevel.Warning, $"DHT bootstrap node {entry.Host}:{entry.Port} does not resolve: {ex.Message}");
            }
        }

        return endPoints;
    }

    /// <summary>Saves the table every <paramref name="interval"/> until the engine stops, so a crash loses at most that much.</summary>
    private async Task SaveDhtTablePeriodicallyAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval, Services.Clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_cts.Token))
            {
                await TrySaveDhtTableAsync("on schedule", _cts.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The engine stopped.
        }
    }

    /// <summary>Saves the table (after joining, on schedule, on stop); a store that fails is reported and fails nothing else.</summary>
    private async Task TrySaveDhtTableAsync(string when, CancellationToken cancellationToken)
    {
        try
        {
            var saved = await SaveDhtTableAsync(cancellationToken);
            if (saved > 0)
            {
                Log(PluginLogLevel.Debug, $"DHT routing table saved {when}: {saved} nodes.");
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            Log(PluginLogLevel.Warning, $"Saving the DHT routing table failed: {ex.Message}");
        }
    }
}
