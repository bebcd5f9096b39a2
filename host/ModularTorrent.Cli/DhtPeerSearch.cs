using System.Collections.Concurrent;
using System.Net;
using ModularTorrent.BitTorrent.Dht;
using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.Cli;

/// <summary>
/// Looks a magnet link's info-hash up on the DHT again and again while its metadata is fetched: the engine's metadata
/// fetcher asks only the peers it was given, its trackers and <c>x.pe</c>, so the peers the DHT knows reach it through
/// <see cref="MagnetFetch"/>.
/// </summary>
/// <param name="dht">The engine's DHT node.</param>
/// <param name="bootstrap">Completes once the engine has joined the DHT (or failed to).</param>
/// <param name="infoHash">The torrent looked for.</param>
/// <param name="clock">For the pauses between lookups.</param>
public sealed class DhtPeerSearch(DhtNode dht, Task bootstrap, InfoHash infoHash, TimeProvider clock)
{
    // The first lookups come quickly (the swarm may be announcing right now), then back off to what BEP 5 clients do.
    private static readonly TimeSpan FirstPause = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<IPEndPoint, byte> _found = new();
    private int _lookups;

    /// <summary>Every peer found so far.</summary>
    public IReadOnlyCollection<IPEndPoint> Found => [.. _found.Keys];

    /// <summary>Lookups finished so far.</summary>
    public int Lookups => Volatile.Read(ref _lookups);

    /// <summary>Nodes in the DHT routing table.</summary>
    public int Nodes => dht.NodeCount;

    /// <summary>The last lookup's failure, or null.</summary>
    public string? LastError { get; private set; }

    /// <summary>Looks up until cancelled.</summary>
    /// <param name="cancellationToken">Ends the search.</param>
    /// <returns>A task that completes once cancelled.</returns>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await bootstrap.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var pause = FirstPause;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                foreach (var peer in await dht.GetPeersAsync(infoHash, cancellationToken))
                {
                    _found.TryAdd(peer, 0);
                }

                LastError = null;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A failed lookup (a socket error, a node gone) is retried like an empty one.
                LastError = ex.Message;
            }

            Interlocked.Increment(ref _lookups);
            await Task.Delay(pause, clock, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
        }
    }
}
