using System.Net;
using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.Cli;

/// <summary>A magnet link as <c>mt get</c> takes it: parsed by the engine's <see cref="MagnetLink"/>, trackers and peers checked.</summary>
public static class MagnetSource
{
    /// <summary>Whether SOURCE is meant as a magnet link (it may still be a malformed one).</summary>
    /// <param name="source">SOURCE as given.</param>
    public static bool IsMagnet(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.StartsWith("magnet:", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Parses the link and checks its trackers.</summary>
    /// <param name="source">SOURCE as given.</param>
    /// <returns>The link.</returns>
    /// <exception cref="CliException">The link is malformed or names a tracker the engine cannot use; the message says which part.</exception>
    public static MagnetLink Parse(string source)
    {
        MagnetLink link;
        try
        {
            link = MagnetLink.Parse(source);
        }
        catch (MetainfoException ex)
        {
            throw new CliException($"The magnet link is not valid: {ex.Message}");
        }

        foreach (var tracker in link.Trackers)
        {
            if (!TrackerUrl.IsSupported(tracker))
            {
                throw new CliException($"The magnet link's tracker (tr) '{tracker}' is not an http, https or udp URL.");
            }
        }

        return link;
    }

    /// <summary>
    /// Resolves the link's <c>x.pe</c> peers. The engine dials the literal addresses itself; resolving here also
    /// lets a host name through and refuses a malformed entry before anything starts.
    /// </summary>
    /// <param name="link">The link.</param>
    /// <param name="cancellationToken">Cancels a DNS lookup.</param>
    /// <returns>The peers.</returns>
    /// <exception cref="CliException">An entry is not HOST:PORT or does not resolve.</exception>
    public static async Task<List<IPEndPoint>> ResolvePeersAsync(MagnetLink link, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        var peers = new List<IPEndPoint>();
        foreach (var peer in link.Peers)
        {
            peers.Add(await PeerEndPointParser.ParseAsync(peer, "The magnet link's peer (x.pe)", cancellationToken));
        }

        return peers;
    }
}
