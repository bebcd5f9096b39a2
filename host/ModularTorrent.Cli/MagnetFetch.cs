using System.Globalization;
using ModularTorrent.BitTorrent.Engine;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.Torrents;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.Cli;

/// <summary>
/// The metadata phase of <c>mt get MAGNET</c>: the engine's <see cref="MagnetTransfer"/> fetches the info dictionary
/// (BEP 9) from the given peers, <c>x.pe</c>, trackers and, when they are on, the DHT and LSD.
/// Ends once the torrent runs, the transfer fails, <c>--max-time</c> runs out or the user interrupts.
/// </summary>
public static class MagnetFetch
{
    /// <summary>Runs the metadata phase.</summary>
    /// <param name="engine">The started engine.</param>
    /// <param name="link">The magnet link.</param>
    /// <param name="options">Where the data goes and the peers known up front.</param>
    /// <param name="environment">Console and clock.</param>
    /// <param name="deadline">Cancelled when <c>--max-time</c> runs out.</param>
    /// <param name="interrupt">Cancelled by Ctrl+C or SIGTERM.</param>
    /// <returns>How it ended, the running torrent when <see cref="TransferOutcome.Complete"/>, and the last status.</returns>
    public static async Task<(TransferOutcome Outcome, Torrent? Torrent, TransferStatus Status)> RunAsync(
        BitTorrentEngine engine, MagnetLink link, TorrentOptions options, CliEnvironment environment, CancellationToken deadline, CancellationToken interrupt)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(deadline, interrupt);
        var transfer = engine.AddMagnet(link, options);
        var given = options.Peers.Count;
        return await MetadataDisplay.RunAsync(environment, async show =>
        {
            while (true)
            {
                if (transfer.Torrent is { } torrent)
                {
                    return (TransferOutcome.Complete, torrent, torrent.GetStatus());
                }

                var status = transfer.GetStatus();
                if (status.State == TransferState.Error)
                {
                    return (TransferOutcome.Failed, (Torrent?)null, status);
                }

                show(Describe(given, engine.Dht?.NodeCount));
                try
                {
                    await Task.Delay(TransferWatcher.PollInterval, environment.Clock, either.Token);
                }
                catch (OperationCanceledException)
                {
                    if (transfer.Torrent is { } late)
                    {
                        return (TransferOutcome.Complete, late, late.GetStatus());
                    }

                    return (interrupt.IsCancellationRequested ? TransferOutcome.Interrupted : TransferOutcome.TimedOut, (Torrent?)null, transfer.GetStatus());
                }
            }
        });
    }

    /// <summary>One line about the metadata phase, as the display shows it.</summary>
    /// <param name="peers">Peers given up front (<c>--peer</c> and <c>x.pe</c>); trackers, the DHT and LSD add more inside the engine.</param>
    /// <param name="dhtNodes">Nodes in the engine's DHT routing table, or null without a DHT.</param>
    public static string Describe(int peers, int? dhtNodes) => dhtNodes is null
        ? string.Create(CultureInfo.InvariantCulture, $"fetching metadata  peers given {peers}")
        : string.Create(CultureInfo.InvariantCulture, $"fetching metadata  peers given {peers}  DHT nodes {dhtNodes}");
}
