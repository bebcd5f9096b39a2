using System.Globalization;
using System.Net;
using ModularTorrent.BitTorrent.Engine;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.Torrents;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.Cli;

/// <summary>
/// The metadata phase of <c>mt get MAGNET</c>: the engine's <see cref="MagnetTransfer"/> fetches the info dictionary
/// (BEP 9) from the given peers, <c>x.pe</c> and trackers; when the DHT is on, the peers it finds are handed over too.
/// Ends once the torrent runs, the transfer fails, <c>--max-time</c> runs out or the user interrupts.
/// </summary>
public static class MagnetFetch
{
    // A transfer that is being replaced gets this long to stop; it only has a few metadata connections open.
    private static readonly TimeSpan RestartTimeout = TimeSpan.FromSeconds(10);

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
        using var stopSearch = CancellationTokenSource.CreateLinkedTokenSource(either.Token);
        var search = engine.Dht is { } dht ? new DhtPeerSearch(dht, engine.DhtBootstrap, link.InfoHash, environment.Clock) : null;
        var searching = search?.RunAsync(stopSearch.Token) ?? Task.CompletedTask;
        var given = new HashSet<IPEndPoint>(options.Peers);
        var transfer = engine.AddMagnet(link, options);
        try
        {
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

                    var fresh = false;
                    foreach (var peer in search?.Found ?? [])
                    {
                        fresh |= given.Add(peer);
                    }

                    if (fresh)
                    {
                        var (restarted, arrived) = await RestartAsync(engine, transfer, link, options with { Peers = [.. given] });
                        if (arrived is not null)
                        {
                            return (TransferOutcome.Complete, arrived, arrived.GetStatus());
                        }

                        transfer = restarted!;
                    }

                    show(Describe(given.Count, search));
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
        finally
        {
            await stopSearch.CancelAsync();
            await searching.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>One line about the metadata phase, as the display shows it.</summary>
    /// <param name="peers">Peers handed to the metadata fetcher (given, <c>x.pe</c> and found on the DHT).</param>
    /// <param name="search">The DHT search, or null without a DHT.</param>
    public static string Describe(int peers, DhtPeerSearch? search) => search is null
        ? string.Create(CultureInfo.InvariantCulture, $"fetching metadata  peers {peers}")
        : string.Create(CultureInfo.InvariantCulture, $"fetching metadata  peers {peers}  DHT nodes {search.Nodes}, lookups {search.Lookups}{(search.LastError is null ? string.Empty : ", last failed: " + search.LastError)}");

    /// <summary>
    /// The engine's fetcher takes its peers when it starts, so new peers mean a new transfer. Should the metadata arrive
    /// while the old one stops, its torrent was stopped with it: it is added again from that metadata (nothing is lost,
    /// the download has not begun in earnest).
    /// </summary>
    private static async Task<(MagnetTransfer? Transfer, Torrent? Arrived)> RestartAsync(
        BitTorrentEngine engine, MagnetTransfer transfer, MagnetLink link, TorrentOptions options)
    {
        using (var bound = new CancellationTokenSource(RestartTimeout))
        {
            try
            {
                await transfer.StopAsync(deleteData: false, bound.Token).WaitAsync(bound.Token);
            }
            catch (OperationCanceledException) when (bound.IsCancellationRequested)
            {
                throw new CliException(ExitCodes.TransferFailed, "Fetching the metadata stalled: the transfer did not stop within 10 s to take the peers the DHT found.");
            }
        }

        if (transfer.Torrent is { } stopped)
        {
            return (null, await engine.AddAsync(stopped.Metainfo, options));
        }

        return (engine.AddMagnet(link, options), null);
    }
}
